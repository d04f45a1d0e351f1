import {
  allotmentProblem,
  DomainError,
  ORGANIZATION_LEVELS,
  type OrganizationLevel,
  quotaAvailable,
  reclaimableQuota,
} from "@tuanwu/domain";
import type { Database, Executor } from "../../db/database";
import { forbidden } from "../../lib/http-errors";
import { assertHigherCommittee, requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import { type Actor, isPathInScope } from "../auth/actor";
import { violatedConstraint } from "../members/member-constraints";
import { findOrganizationById } from "../organizations/organization.repository";
import {
  addSubAllotted,
  findAllotments,
  findNearestAncestorQuota,
  findQuota,
  findQuotaById,
  findUnusedQuotas,
  insertQuota,
  type QuotaRow,
  updateQuotaAmount,
} from "./admission-quota.repository";

/** A quota's figures as answered (发展名额): available = amount − used − sub-allotted, the places left. */
export interface QuotaView {
  id: number;
  organizationId: number;
  organizationName: string;
  year: number;
  amount: number;
  used: number;
  subAllotted: number;
  available: number;
  parentQuotaId: number | null;
  allottedBy: { id: number; name: string } | null;
  updatedAt: string;
}

function quotaView(row: QuotaRow): QuotaView {
  return {
    id: row.id,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    year: row.year,
    amount: row.amount,
    used: row.used,
    subAllotted: row.subAllotted,
    available: quotaAvailable(row),
    parentQuotaId: row.parentQuotaId,
    allottedBy:
      row.allottedByOrganizationId === null
        ? null
        : { id: row.allottedByOrganizationId, name: row.allottedByOrganizationName ?? "" },
    updatedAt: row.updatedAt,
  };
}

/** Levels whose quota is their own total (a county sets it; nothing above allots it): county and above. */
const TOP_QUOTA_LEVELS: readonly OrganizationLevel[] = ORGANIZATION_LEVELS.slice(
  0,
  ORGANIZATION_LEVELS.indexOf("county") + 1,
);

/** The strict ancestors' ids of a materialized path "1/23/456/" (456's: [1, 23]). */
function ancestorIdsOf(path: string): number[] {
  return path.split("/").filter(Boolean).slice(0, -1).map(Number);
}

/** A write of two quotas lost a race (the unique key or the CHECK constraint refused it): 409. */
function concurrentQuotaWrite(error: unknown): never {
  const constraint = violatedConstraint(error);
  if (
    constraint === "admission_quota_organization_year_key" ||
    constraint === "admission_quota_within_amount_check" ||
    constraint === "admission_quota_used_check" ||
    constraint === "admission_quota_amount_check"
  ) {
    throw new DomainError(
      "quota_conflict",
      "名额：名额刚被其他操作修改，请刷新后重试 / quota changed meanwhile",
      {
        field: "amount",
        status: 409,
      },
    );
  }
  throw error;
}

/** The quota of one organization and year, with its allotments (see {@link getQuotaOverview}). */
async function readQuotaOverview(db: Executor, organization: { id: number; name: string }, year: number) {
  const own = await findQuota(db, organization.id, year);
  const allotments = await findAllotments(db, organization.id, own?.id ?? null, year);
  const items = allotments.map((child) => ({
    organizationId: child.organizationId,
    organizationName: child.organizationName,
    kind: child.kind,
    quota: child.quota && child.quota.parentQuotaId === (own?.id ?? -1) ? quotaView(child.quota) : null,
    ownQuotaElsewhere: child.quota !== null && child.quota.parentQuotaId !== (own?.id ?? -1),
  }));
  return {
    year,
    organizationId: organization.id,
    organizationName: organization.name,
    quota: own ? quotaView(own) : null,
    allotments: items,
    unusedInAllotments: items.reduce((sum, item) => sum + (item.quota?.available ?? 0), 0),
  };
}

/** The answer of GET /organizations/{id}/admission-quotas. */
export type QuotaOverview = Awaited<ReturnType<typeof readQuotaOverview>>;

/**
 * 发展名额 of an organization for `year` (总量控制, domain.md §3; issue 10 part 4): its own quota (null
 * when none was allotted) and its allotments — every direct child organization with the quota it was
 * allotted from this one (null when none; `ownQuotaElsewhere` when it holds one from another quota),
 * plus quotas allotted from this one further down (a county to the schools under its 教育团工委) —
 * with the places each has not used (`available`) and their sum (`unusedInAllotments`).
 * Errors: 404 outside the subtree; 403 without member:read.
 */
export async function getQuotaOverview(
  db: Database,
  actor: Actor,
  organizationId: number,
  year: number,
): Promise<QuotaOverview> {
  await requireAccess(db, actor, { permission: "member:read", kind: "organization", ids: [organizationId] });
  const organization = requireFound(await findOrganizationById(db, organizationId), "organization");
  return readQuotaOverview(
    db,
    { id: organization.id, name: organization.shortName ?? organization.name },
    year,
  );
}

/** The answer of an allotment or a reclaim: the quota written and the quota it is allotted from. */
export interface QuotaWriteResult {
  quota: QuotaView;
  parentQuota: QuotaView | null;
}

/**
 * Allots `amount` places of `year` to an organization (分配/下达名额; issue 10 part 4): a county (or a
 * level above) sets its own total; any other organization is allotted from the nearest quota of its
 * ancestors (a county to its schools and townships; a school or township sub-allots to its grades
 * and branches), by that quota's committee or one above it. Raising or lowering an existing
 * allotment moves the difference to or from the parent's sub_allotted in the same transaction.
 * Locks the parent quota, then the organization's (always in that order); the CHECK constraint
 * used + sub_allotted ≤ amount and the unique (organization, year) key decide races: the loser gets
 * 409, never an over-allotted quota. Audit "admission_quota.allot".
 *
 * Errors: 404 outside the subtree; 403 without member:write or when the actor's scope does not hold
 * the parent quota's organization (a school cannot raise its own allotment); 400 field "amount"
 * beyond the parent's available places or below what is used and sub-allotted (domain
 * allotmentProblem); 422 no_parent_quota when no ancestor holds a quota for the year; 409 a race lost.
 */
export async function allotQuota(
  db: Database,
  actor: Actor,
  organizationId: number,
  year: number,
  amount: number,
): Promise<QuotaWriteResult> {
  try {
    return await db.transaction(async (tx) => {
      await requireAccess(tx, actor, {
        permission: "member:write",
        kind: "organization",
        ids: [organizationId],
      });
      const organization = requireFound(await findOrganizationById(tx, organizationId), "organization");
      const current = await findQuota(tx, organizationId, year);
      const isTopLevel = TOP_QUOTA_LEVELS.includes(organization.level);
      // A quota written without a parent below the county (by hand, or an import): only a committee
      // above may change it, and no parent's sub_allotted follows it.
      if (!isTopLevel && current && current.parentQuotaId === null)
        assertHigherCommittee(actor, organization.path);
      const isTop = current ? current.parentQuotaId === null : isTopLevel;
      let parent: QuotaRow | undefined;
      if (!isTop) {
        parent = current?.parentQuotaId
          ? await findQuotaById(tx, current.parentQuotaId, "update")
          : await findNearestAncestorQuota(tx, ancestorIdsOf(organization.path), year, "update");
        if (!parent) {
          throw new DomainError(
            "no_parent_quota",
            `名额：上级组织尚无${year}年发展名额，请先由县级团委设定总量`,
            { field: "amount", status: 422 },
          );
        }
        if (!isPathInScope(actor, parent.organizationPath)) throw forbidden();
      }
      const before = await findQuota(tx, organizationId, year, "update");
      const figures = before ?? { amount: 0, used: 0, subAllotted: 0 };
      const problem = parent
        ? allotmentProblem(parent, { ...figures, previousAmount: figures.amount }, amount)
        : amount < figures.used + figures.subAllotted
          ? `名额：不能少于已使用和已下达的${figures.used + figures.subAllotted}个`
          : null;
      if (problem) throw new DomainError("invalid_amount", problem, { field: "amount", status: 400 });
      let quotaId: number;
      if (before) {
        quotaId = before.id;
        await updateQuotaAmount(tx, before.id, amount);
      } else {
        quotaId = await insertQuota(tx, {
          organizationId,
          year,
          amount,
          parentQuotaId: parent?.id ?? null,
          allottedByOrganizationId: parent?.organizationId ?? organizationId,
        });
      }
      if (parent && amount !== figures.amount) await addSubAllotted(tx, parent.id, amount - figures.amount);
      await recordAudit(tx, actor, {
        action: "admission_quota.allot",
        entityType: "admission_quota",
        entityId: quotaId,
        organizationId,
        before: before ? { amount: before.amount } : null,
        after: { year, amount, parentQuotaId: parent?.id ?? null },
      });
      return readWriteResult(tx, quotaId);
    });
  } catch (error) {
    return concurrentQuotaWrite(error);
  }
}

async function readWriteResult(db: Executor, quotaId: number): Promise<QuotaWriteResult> {
  const quota = await findQuotaById(db, quotaId);
  if (!quota) throw new Error(`admission_quota ${quotaId} vanished`);
  const parent = quota.parentQuotaId === null ? undefined : await findQuotaById(db, quota.parentQuotaId);
  return { quota: quotaView(quota), parentQuota: parent ? quotaView(parent) : null };
}

/**
 * Reclaims unused places of an organization's quota of `year` into the quota it was allotted from
 * (未使用名额回收; issue 10 part 4): `amount` places, or all it has not used nor passed on (domain
 * reclaimableQuota) when omitted. The organization's amount and the parent's sub_allotted drop by the
 * same number in one transaction, under the same locks as an allotment. Audit "admission_quota.reclaim".
 *
 * @returns the reclaimed number with both quotas after it.
 * Errors: 404 outside the subtree or no quota for the year; 403 without member:write or when the
 * actor's scope does not hold the allotting quota's organization; 400 field "amount" above what can
 * be reclaimed; 422 top_quota (a county's own total has nothing above it) or nothing_to_reclaim;
 * 409 a race lost.
 */
export async function reclaimQuota(
  db: Database,
  actor: Actor,
  organizationId: number,
  year: number,
  amount: number | undefined,
): Promise<QuotaWriteResult & { reclaimed: number }> {
  try {
    return await db.transaction(async (tx) => {
      await requireAccess(tx, actor, {
        permission: "member:write",
        kind: "organization",
        ids: [organizationId],
      });
      const current = await findQuota(tx, organizationId, year);
      if (!current) {
        throw new DomainError("not_found", `发展名额：该组织没有${year}年名额 / no quota for the year`, {
          status: 404,
        });
      }
      if (current.parentQuotaId === null) {
        throw new DomainError("top_quota", "回收名额：县级团委自定的总量没有上级可回收", {
          field: "amount",
          status: 422,
        });
      }
      const parent = requireFound(await findQuotaById(tx, current.parentQuotaId, "update"), "organization");
      if (!isPathInScope(actor, parent.organizationPath)) throw forbidden();
      const child = requireFound(await findQuota(tx, organizationId, year, "update"), "organization");
      const reclaimable = reclaimableQuota(child);
      const reclaimed = amount ?? reclaimable;
      if (reclaimed > reclaimable) {
        throw new DomainError("invalid_amount", `回收名额：最多可回收${reclaimable}个`, {
          field: "amount",
          status: 400,
        });
      }
      if (reclaimed === 0) {
        throw new DomainError("nothing_to_reclaim", "回收名额：该组织没有未使用的名额", {
          field: "amount",
          status: 422,
        });
      }
      await updateQuotaAmount(tx, child.id, child.amount - reclaimed);
      await addSubAllotted(tx, parent.id, -reclaimed);
      await recordAudit(tx, actor, {
        action: "admission_quota.reclaim",
        entityType: "admission_quota",
        entityId: child.id,
        organizationId,
        before: { amount: child.amount },
        after: { year, amount: child.amount - reclaimed, reclaimed, intoQuotaId: parent.id },
      });
      return { reclaimed, ...(await readWriteResult(tx, child.id)) };
    });
  } catch (error) {
    return concurrentQuotaWrite(error);
  }
}

/**
 * The unused-quota report (未使用名额) of a subtree for `year`: every quota below the organization with
 * places neither used nor passed on, by organization path, and their sum — what the allotting
 * committees may reclaim. Errors: 404 outside the subtree; 403 without member:read.
 */
export async function listUnusedQuotas(db: Database, actor: Actor, organizationId: number, year: number) {
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  const rows = await findUnusedQuotas(db, requireFound(target, "organization").path, year);
  const items = rows.map(quotaView);
  return { year, items, totalUnused: items.reduce((sum, item) => sum + item.available, 0) };
}
