import { leagueSchoolProgress } from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import type { Actor } from "../auth/actor";
import { findLeagueSchoolSessions } from "./league-school.repository";

/**
 * GET /organizations/{id}/league-school-report?year=: the middle schools of the subtree with their
 * League-school sessions 中学团校 of the year (1 January … 31 December, or today for the current
 * year) against the minimum of 6 a year (domain leagueSchoolProgress; domain.md §5, Wangcang task
 * 18), schools under the minimum first. Reads member:read, scoped (404 outside the subtree; 403).
 * Shape: {organizationId, year, through, required, schools, underMinimum, items: [{organizationId,
 * name, parentName, sessions, required, shortfall, met, lastHeldOn}]}.
 */
export async function getLeagueSchoolReport(
  db: Database,
  actor: Actor,
  organizationId: number,
  year: number,
  today: string,
) {
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  const path = requireFound(target, "organization").path;
  const yearEnd = `${year}-12-31`;
  const through = yearEnd < today ? yearEnd : today;
  const rows = await findLeagueSchoolSessions(db, path, `${year}-01-01`, through);
  const items = rows
    .map((row) => ({ ...row, ...leagueSchoolProgress(row.sessions) }))
    .sort((a, b) => Number(a.met) - Number(b.met));
  return {
    organizationId,
    year,
    through,
    required: leagueSchoolProgress(0).required,
    schools: items.length,
    underMinimum: items.filter((item) => !item.met).length,
    items,
  };
}
