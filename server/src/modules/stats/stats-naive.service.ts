import {
  AGE_BANDS,
  type AgeBand,
  CURRENT_MEMBER_STATUSES,
  type MemberStatus,
  SEXES,
  type Sex,
} from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import type { Actor } from "../auth/actor";
import { findOrganizationById } from "../organizations/organization.repository";
import { findSubtreeOrganizations, tallyMembers } from "./stats.repository";

const CURRENT = new Set<string>(CURRENT_MEMBER_STATUSES);

function tally(entries: Iterable<[string, number]>): { key: string; count: number }[] {
  const totals = new Map<string, number>();
  for (const [key, value] of entries) totals.set(key, (totals.get(key) ?? 0) + value);
  return [...totals].map(([key, count]) => ({ key, count })).sort(byCountThenKey);
}

/** Largest count first; ties by key, so that the answer does not depend on the order rows come back in. */
function byCountThenKey(a: { key: string; count: number }, b: { key: string; count: number }): number {
  return b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * The naive reference of {@link getSubtreeStats} in stats.service.ts (issue 4 part 6: the benchmark's
 * side-by-side query): the same figures from one GROUPING SETS scan of the subtree's members and a
 * read of all its organizations, with ages in whole days. Statistics of an organization's whole subtree (统计): organizations by kind and sector; members by
 * status (all statuses), and current members (active, transferring, flowing) by sex, age band
 * (whole years on `today`, bands of domain/ member/age), occupation, education and branch sector;
 * and per child organization its organization count, member count (current) and active count.
 * Errors: 404 outside the actor's subtree.
 */
export async function getSubtreeStatsNaive(
  db: Database,
  actor: Actor,
  organizationId: number,
  today: string,
) {
  await requireAccess(db, actor, {
    permission: "organization:read",
    kind: "organization",
    ids: [organizationId],
  });
  const root = requireFound(await findOrganizationById(db, organizationId), "organization");
  const organizations = await findSubtreeOrganizations(db, root.path);
  const tallies = await tallyMembers(db, root.path, today);
  const perOrganization = tallies.byOrganizationAndStatus;
  const organizationById = new Map(organizations.map((row) => [row.id, row]));
  const children = organizations
    .filter((row) => row.parentId === root.id)
    .map((child) => ({
      id: child.id,
      name: child.name,
      kind: child.kind,
      sector: child.sector,
      path: child.path,
      organizationCount: 0,
      memberCount: 0,
      activeMemberCount: 0,
    }));
  const childByPathPrefix = (path: string) => children.find((child) => path.startsWith(child.path));
  for (const row of organizations) {
    const child = childByPathPrefix(row.path);
    if (child) child.organizationCount += 1;
  }
  for (const row of perOrganization) {
    const branch = organizationById.get(row.organizationId);
    const child = branch ? childByPathPrefix(branch.path) : undefined;
    if (!child) continue;
    if (CURRENT.has(row.status)) child.memberCount += row.count;
    if (row.status === "active") child.activeMemberCount += row.count;
  }
  const currentOnly = <T extends { status: MemberStatus }>(rows: T[]) =>
    rows.filter((row) => CURRENT.has(row.status));
  const ageBandCounts = new Map<string, { ageBand: AgeBand; sex: Sex; count: number }>();
  for (const row of currentOnly(tallies.byStatusSexAndAgeBand)) {
    const key = `${row.ageBand}|${row.sex}`;
    const entry = ageBandCounts.get(key) ?? { ageBand: row.ageBand, sex: row.sex, count: 0 };
    entry.count += row.count;
    ageBandCounts.set(key, entry);
  }
  const current = currentOnly(perOrganization);
  return {
    organizationId: root.id,
    asOf: today,
    totalOrganizations: organizations.length,
    totalMembers: current.reduce((sum, row) => sum + row.count, 0),
    organizationsByKind: tally(organizations.map((row) => [row.kind, 1])),
    organizationsBySector: tally(organizations.map((row) => [row.sector ?? "unknown", 1])),
    membersByStatus: tally(perOrganization.map((row) => [row.status, row.count])),
    membersBySex: tally(currentOnly(tallies.byStatusSexAndAgeBand).map((row) => [row.sex, row.count])),
    // In band order, male before female (the map's order is the order rows came back in).
    membersByAgeBand: [...ageBandCounts.values()].sort(
      (a, b) =>
        AGE_BANDS.indexOf(a.ageBand) - AGE_BANDS.indexOf(b.ageBand) ||
        SEXES.indexOf(a.sex) - SEXES.indexOf(b.sex),
    ),
    membersByOccupation: tally(currentOnly(tallies.byStatusAndOccupation).map((row) => [row.key, row.count])),
    membersByEducation: tally(currentOnly(tallies.byStatusAndEducation).map((row) => [row.key, row.count])),
    membersBySector: tally(
      current.map((row) => [organizationById.get(row.organizationId)?.sector ?? "unknown", row.count]),
    ),
    children: children
      .map(({ path: _path, ...child }) => child)
      .sort((a, b) => b.memberCount - a.memberCount || a.id - b.id),
  };
}
