import type { Database } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { readMemberFiguresOf } from "../indicators/indicator.repository";
import { findOrganizationById, updateOrganizationColumns } from "../organizations/organization.repository";
import { findChildren, recordedAndComplete, sumReportedMemberCounts } from "./member-completeness.repository";

/**
 * A ratio as a percentage with one decimal (60.3), or null when the denominator is null or 0
 * (nothing to measure against).
 */
export function percent(numerator: number, denominator: number | null): number | null {
  if (denominator === null || denominator === 0) return null;
  return Math.round((numerator / denominator) * 1000) / 10;
}

/** The figures of one organization's subtree. */
function figures(recorded: number, complete: number, reported: number | null) {
  return {
    recorded,
    complete,
    completenessRate: percent(complete, recorded),
    reported,
    entryRate: percent(recorded, reported),
  };
}

/**
 * 信息完整率 and 录入率 of an organization's subtree and of each child's subtree (domain.md §2, issue 3
 * part 6; two figures, never mixed): recorded = members with a current status (active,
 * transferring, flowing); complete = those of them with every REQUIRED_MEMBER_FIELDS present;
 * completenessRate = complete / recorded (percent, one decimal; null when recorded = 0); reported
 * (应录入数) = the sum of the counts the subtree's organizations entered (null when none entered
 * one); entryRate = recorded / reported (percent; null when nothing is reported).
 *
 * Errors: 404 outside the actor's subtree.
 */
export async function getCompleteness(db: Database, actor: Actor, organizationId: number) {
  await requireAccess(db, actor, {
    permission: "organization:read",
    kind: "organization",
    ids: [organizationId],
  });
  const root = requireFound(await findOrganizationById(db, organizationId), "organization");
  const [children, reported] = await Promise.all([
    findChildren(db, organizationId),
    sumReportedMemberCounts(db, root.path),
  ]);
  // The subtree counters' `total` and `complete` dimensions (plus the pending deltas), root and
  // children in one statement: primary-key reads, never a scan of the subtree's members.
  const members = await readMemberFiguresOf(db, { kind: "live" }, [root, ...children], ["total", "complete"]);
  const countsOf = (id: number) => recordedAndComplete(members.get(id) ?? []);
  const total = countsOf(organizationId);
  const totalReported = reported.find((row) => row.total)?.reported ?? null;
  return {
    organizationId,
    ...figures(total.recorded, total.complete, totalReported),
    children: children.map((child) => {
      const counts = countsOf(child.id);
      const childReported = reported.find((candidate) => !candidate.total && candidate.childId === child.id);
      return {
        id: child.id,
        name: child.name,
        ...figures(counts.recorded, counts.complete, childReported?.reported ?? null),
      };
    }),
  };
}

/**
 * Sets (or clears, with null) the member count an organization reports (应录入数), the denominator
 * of 录入率, entered by an administrator. Audited "organization.reported_member_count".
 *
 * Errors: 404 outside the subtree; 403 without organization:write.
 */
export async function setReportedMemberCount(
  db: Database,
  actor: Actor,
  organizationId: number,
  count: number | null,
): Promise<{ organizationId: number; reportedMemberCount: number | null }> {
  return db.transaction(async (tx) => {
    const before = requireFound(await findOrganizationById(tx, organizationId), "organization");
    await requireAccess(tx, actor, {
      permission: "organization:write",
      kind: "organization",
      ids: [organizationId],
    });
    const after = await updateOrganizationColumns(tx, organizationId, { reportedMemberCount: count });
    await recordAudit(tx, actor, {
      action: "organization.reported_member_count",
      entityType: "organization",
      entityId: organizationId,
      organizationId,
      before: { reportedMemberCount: before.reportedMemberCount },
      after: { reportedMemberCount: after.reportedMemberCount },
    });
    return { organizationId, reportedMemberCount: after.reportedMemberCount };
  });
}
