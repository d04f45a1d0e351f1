import {
  DomainError,
  daysAtStep,
  defaultSeasonSettings,
  domainErrorFromIssues,
  isOverdueAfterSeason,
  TRANSFER_KIND_LABELS,
  TRANSFER_REASON_LABELS,
  TRANSFER_STATE_LABELS,
  TRANSFER_STATES,
  TRANSFER_WORKFLOW,
  type TransferKind,
  type TransferReason,
  type TransferSeasonSettings,
  type TransferState,
  transferSeasonInputSchema,
} from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { isPathInScope } from "../auth/actor";
import { findOrganizationById } from "../organizations/organization.repository";
import {
  findApplicableSeason,
  findAwaitedTransfersOfSubtree,
  findChildren,
  findOpenTransfersOfSubtree,
  type OpenTransferRow,
  updateGraduationDate,
  upsertSeason,
} from "./transfer-season.repository";

/** Organization kinds that set a season (团委, 团工委): a committee and its subtree. */
const SEASON_KINDS = new Set(["committee", "working_committee"]);

/** Most open transfers a work list answers (oldest step first). */
export const WORKLIST_LIMIT = 500;

/**
 * The season of `year` that applies at an organization: its own, the nearest ancestor committee's,
 * or the default (31 Aug / 30 Sep / 31 Oct, 6 months); `fromOrganizationId` says whose (null: default).
 * Errors: 404 outside the subtree; 403 without member:read.
 */
export async function getSeason(db: Database, actor: Actor, organizationId: number, year: number) {
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  return resolveSeason(db, target?.path ?? "", organizationId, year);
}

async function resolveSeason(db: Database, path: string, organizationId: number, year: number) {
  const found = await findApplicableSeason(db, path, year);
  const settings: TransferSeasonSettings = found
    ? {
        year,
        initiatedBy: found.initiatedBy,
        approvedBy: found.approvedBy,
        completedBy: found.completedBy,
        mobileBranchMonths: Number(found.mobileBranchMonths),
      }
    : defaultSeasonSettings(year);
  return {
    ...settings,
    fromOrganizationId: found?.organizationId ?? null,
    own: found?.organizationId === organizationId,
  };
}

/**
 * Sets a committee's season of `year` (毕业季设置): the deadlines (initiated ≤ approved ≤ completed)
 * and the months an unplaced graduate may stay in a mobile members' branch (6–12); it applies to the
 * committee's subtree unless a committee below sets its own. Audit "transfer.season" (before, after);
 * one transaction. Errors: 400 naming the field; 404 outside the subtree; 403 without member:write;
 * 422 season_committee_only for a branch.
 */
export async function setSeason(
  db: Database,
  actor: Actor,
  organizationId: number,
  year: number,
  input: unknown,
) {
  const parsed = transferSeasonInputSchema(year).safeParse(input);
  if (!parsed.success) throw domainErrorFromIssues(parsed.error.issues);
  return db.transaction(async (tx) => {
    const [target] = await requireAccess(tx, actor, {
      permission: "member:write",
      kind: "organization",
      ids: [organizationId],
    });
    const organization = requireFound(await findOrganizationById(tx, organizationId), "organization");
    if (!SEASON_KINDS.has(organization.kind)) {
      throw new DomainError("season_committee_only", "毕业季设置：由团委（团工委）设置", { status: 422 });
    }
    const before = await findApplicableSeason(tx, target?.path ?? organization.path, year);
    await upsertSeason(tx, { organizationId, year, ...parsed.data });
    await recordAudit(tx, actor, {
      action: "transfer.season",
      entityType: "organization",
      entityId: organizationId,
      organizationId,
      before: before?.organizationId === organizationId ? before : null,
      after: { year, ...parsed.data },
    });
    return { year, ...parsed.data, fromOrganizationId: organizationId, own: true };
  });
}

/**
 * Sets (or clears, with null) a branch's graduation date 毕业时间 — a graduating class's branch
 * (issue 11 part 4): its members are the graduates a class batch may start. Audit
 * "organization.graduation_date" (before, after); one transaction. Errors: 404 outside the subtree;
 * 403 without member:write; 422 graduation_date_branch_only for a committee.
 */
export async function setGraduationDate(
  db: Database,
  actor: Actor,
  organizationId: number,
  graduatesOn: string | null,
) {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, {
      permission: "member:write",
      kind: "organization",
      ids: [organizationId],
    });
    const organization = requireFound(await findOrganizationById(tx, organizationId), "organization");
    if (organization.kind !== "branch") {
      throw new DomainError("graduation_date_branch_only", "毕业时间：只有团支部（班级）有毕业时间", {
        status: 422,
      });
    }
    await updateGraduationDate(tx, organizationId, graduatesOn);
    await recordAudit(tx, actor, {
      action: "organization.graduation_date",
      entityType: "organization",
      entityId: organizationId,
      organizationId,
      before: { graduatesOn: organization.graduatesOn ?? null },
      after: { graduatesOn },
    });
    return { organizationId, graduatesOn };
  });
}

/** A work list's item: an open transfer with its step, age and whether it is overdue. */
function workItemView(row: OpenTransferRow, today: string, rootPath: string) {
  const state = row.state as TransferState;
  return {
    transferId: row.id,
    instanceId: row.instanceId,
    version: Number(row.version),
    memberId: row.memberId,
    memberName: row.memberName,
    state,
    stateLabel: TRANSFER_STATE_LABELS[state]?.zh ?? row.state,
    kind: row.kind,
    kindLabel: TRANSFER_KIND_LABELS[row.kind as TransferKind]?.zh ?? row.kind,
    reason: row.reason,
    reasonLabel: TRANSFER_REASON_LABELS[row.reason as TransferReason]?.zh ?? row.reason,
    seasonYear: row.seasonYear === null ? null : Number(row.seasonYear),
    destination: row.destination,
    fromOrganizationId: row.fromOrganizationId,
    fromName: row.fromName,
    toOrganizationId: row.toOrganizationId === null ? null : Number(row.toOrganizationId),
    toName: row.toName,
    startedOn: row.startedOn,
    atStepSince: row.lastStepOn,
    daysAtStep: daysAtStep(row.lastStepOn, today),
    overdue: isOverdueAfterSeason(row.lastStepOn, today, row.approvedBy ?? undefined),
    awaitingHere: row.awaitingPath?.startsWith(rootPath) ?? false,
  };
}

/**
 * An organization's work list of transfers (issue 11 part 6): the open transfers whose sending or
 * receiving side (or awaited step) lies in its subtree, oldest step first (at most
 * {@link WORKLIST_LIMIT}), each with its step, days at it, overdue (not reviewed within 10 days after
 * the season's approval deadline, domain.md §4) and whether the step awaits this subtree; counts per
 * step and overdue. Member names only (no personal data). Errors: 404 outside the subtree; 403
 * without member:read.
 */
export async function getTransferWorklist(
  db: Database,
  actor: Actor,
  organizationId: number,
  query: { state?: TransferState | undefined; overdueOnly?: boolean | undefined },
  today: string,
) {
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  const rootPath = target?.path ?? "";
  const all = (await findOpenTransfersOfSubtree(db, rootPath, WORKLIST_LIMIT)).map((row) =>
    workItemView(row, today, rootPath),
  );
  const counts = TRANSFER_STATES.filter((state) => TRANSFER_STATE_LABELS[state] && isOpenState(state)).map(
    (state) => ({
      state,
      stateLabel: TRANSFER_STATE_LABELS[state].zh,
      count: all.filter((item) => item.state === state).length,
      overdue: all.filter((item) => item.state === state && item.overdue).length,
    }),
  );
  const items = all.filter(
    (item) =>
      (query.state === undefined || item.state === query.state) && (!query.overdueOnly || item.overdue),
  );
  return {
    organizationId,
    total: all.length,
    overdue: all.filter((item) => item.overdue).length,
    awaitingHere: all.filter((item) => item.awaitingHere).length,
    truncated: all.length === WORKLIST_LIMIT,
    counts,
    items,
  };
}

function isOpenState(state: TransferState): boolean {
  return !(TRANSFER_WORKFLOW.terminal as readonly TransferState[]).includes(state);
}

/**
 * A committee's backlog by child (issue 11 part 6): for each child organization, the open transfers
 * whose awaited step sits in the child's subtree, by step, with the overdue ones and the oldest
 * days at a step; the committee's own steps as `atThisOrganization`. Errors: 404 outside the subtree;
 * 403 without member:read.
 */
export async function getTransferBacklog(db: Database, actor: Actor, organizationId: number, today: string) {
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  const rootPath = target?.path ?? "";
  const rows = await findAwaitedTransfersOfSubtree(db, rootPath);
  const children = await findChildren(db, organizationId);
  const summarize = (subset: OpenTransferRow[]) => {
    const byState: Record<string, number> = {};
    let overdue = 0;
    let oldestDays = 0;
    for (const row of subset) {
      byState[row.state] = (byState[row.state] ?? 0) + 1;
      if (isOverdueAfterSeason(row.lastStepOn, today, row.approvedBy ?? undefined)) overdue += 1;
      oldestDays = Math.max(oldestDays, daysAtStep(row.lastStepOn, today));
    }
    return {
      total: subset.length,
      overdue,
      oldestDays,
      byState: Object.entries(byState).map(([state, count]) => ({
        state,
        stateLabel: TRANSFER_STATE_LABELS[state as TransferState]?.zh ?? state,
        count,
      })),
    };
  };
  const inChild = (path: string) => (row: OpenTransferRow) => row.awaitingPath?.startsWith(path) ?? false;
  return {
    organizationId,
    ...summarize(rows),
    atThisOrganization: summarize(rows.filter((row) => !children.some((child) => inChild(child.path)(row)))),
    children: children
      .filter((child) => isPathInScope(actor, child.path))
      .map((child) => ({
        organizationId: child.id,
        name: child.name,
        ...summarize(rows.filter(inChild(child.path))),
      })),
  };
}
