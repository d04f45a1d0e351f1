import {
  arrearsMonths,
  DEFAULT_DUES_SCHEDULE,
  DomainError,
  type DuesCategory,
  type DuesScheduleRow,
  duesCollectionRate,
  duesPaymentProblem,
  duesScheduleProblems,
  expectedMonthlyDues,
} from "@tuanwu/domain";
import type { Database, Executor } from "../../db/database";
import { HttpError } from "../../lib/http-errors";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { findMemberIdOfUser } from "../me/me.repository";
import {
  countMemberMonths,
  findArrears,
  findMemberJoin,
  findMemberPayments,
  findMonthRoll,
  findNearestSchedule,
  findRollMemberIds,
  type PaymentWrite,
  replaceSchedule,
  upsertPayments,
} from "./dues.repository";

/**
 * League dues 团费 (domain.md §5; issue 12 part 4): the schedule (nearest ancestor's applies), a
 * branch's month, batch entry, arrears and the collection rate, a member's own dues. Recording only.
 * Reads need member:read, writes member:write, in the organization's subtree (404 outside).
 */

/** The strict ancestors' ids of a materialized path, nearest first, then the organization itself first. */
export function pathIdsNearestFirst(path: string): number[] {
  return path.split("/").filter(Boolean).map(Number).reverse();
}

/** The schedule that applies at an organization (its own or its nearest ancestor's, else the default). */
export async function resolveSchedule(db: Executor, path: string) {
  const found = await findNearestSchedule(db, pathIdsNearestFirst(path));
  return found
    ? { ownerOrganizationId: found.organizationId, isDefault: false, rows: found.rows }
    : { ownerOrganizationId: null, isDefault: true, rows: [...DEFAULT_DUES_SCHEDULE] };
}

/**
 * GET /organizations/{id}/dues-schedule: the schedule in force at the organization — its own, else
 * its nearest ancestor's (ownerOrganizationId), else the built-in default (isDefault, source domain.md §5).
 * Errors: 404 outside the subtree; 403 without member:read.
 */
export async function getDuesSchedule(db: Database, actor: Actor, organizationId: number) {
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  const schedule = await resolveSchedule(db, requireFound(target, "organization").path);
  return { organizationId, ...schedule };
}

/**
 * PUT /organizations/{id}/dues-schedule: replaces the organization's own schedule (applies to its
 * subtree where no nearer organization has one); an empty list removes it (the ancestor's applies
 * again). Audit "dues_schedule.replace". Errors: 400 field "rows.{i}.{field}" (domain
 * duesScheduleProblems: a negative amount, overlapping bands…); 404 outside; 403 without member:write.
 */
export async function putDuesSchedule(
  db: Database,
  actor: Actor,
  organizationId: number,
  rows: DuesScheduleRow[],
) {
  return db.transaction(async (tx) => {
    const [target] = await requireAccess(tx, actor, {
      permission: "member:write",
      kind: "organization",
      ids: [organizationId],
    });
    const [problem] = duesScheduleProblems(rows);
    if (problem)
      throw new DomainError("invalid_schedule", problem.message, {
        field: `rows.${problem.row}.${problem.field}`,
        status: 400,
      });
    const before = await findNearestSchedule(tx, [organizationId]);
    await replaceSchedule(tx, organizationId, rows);
    await recordAudit(tx, actor, {
      action: "dues_schedule.replace",
      entityType: "organization",
      entityId: organizationId,
      organizationId,
      before: before ? { rows: before.rows } : null,
      after: { rows },
    });
    return { organizationId, ...(await resolveSchedule(tx, requireFound(target, "organization").path)) };
  });
}

/**
 * GET /organizations/{id}/dues?month=YYYY-MM: a branch's roll for the month, each member with their
 * payment (or null) and the amount the schedule expects for the payment's category; the month's
 * paid count and collection rate. Errors: 404 outside; 403 without member:read.
 */
export async function getMonthDues(db: Database, actor: Actor, organizationId: number, month: string) {
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  const schedule = await resolveSchedule(db, requireFound(target, "organization").path);
  const roll = await findMonthRoll(db, organizationId, month);
  const items = roll.map((row) => ({
    ...row,
    expectedYuan: row.payment
      ? expectedMonthlyDues(schedule.rows, { category: row.payment.category }, month)
      : null,
  }));
  const paid = items.filter((item) => item.payment !== null).length;
  return {
    organizationId,
    month,
    items,
    paidCount: paid,
    rollCount: items.length,
    collectionRate: duesCollectionRate(paid, items.length),
  };
}

/** One member's entry in a batch of a month (see {@link putMonthDues}). */
export interface DuesEntry {
  memberId: number;
  category: DuesCategory;
  monthlyIncomeYuan?: number | null | undefined;
  amountYuan: number;
  paidOn: string;
  deviationReason?: string | null | undefined;
}

function rowError(field: string, message: string): DomainError {
  return new DomainError("invalid_payment", message, { field, status: 400 });
}

/**
 * PUT /organizations/{id}/dues/{month}: records a branch's payments of a month in one transaction
 * (each member's payment of the month inserted or replaced; members left out are untouched) and moves
 * each payer's last_dues_paid_on forward. Every entry is checked before anything is written: the
 * member on the branch's roll, paid on a date not after `today`, the amount matching the schedule
 * (by category and, for wage earners, income) or carrying a deviation reason (issue 12 bad input).
 * Audit "dues.record" (one entry: month and count). Errors: 400 field "payments.{i}.{field}";
 * 404 outside; 403 without member:write.
 */
export async function putMonthDues(
  db: Database,
  actor: Actor,
  organizationId: number,
  month: string,
  entries: DuesEntry[],
  today: string,
) {
  return db.transaction(async (tx) => {
    const [target] = await requireAccess(tx, actor, {
      permission: "member:write",
      kind: "organization",
      ids: [organizationId],
    });
    const schedule = await resolveSchedule(tx, requireFound(target, "organization").path);
    const onRoll = await findRollMemberIds(
      tx,
      organizationId,
      entries.map((entry) => entry.memberId),
    );
    const seen = new Set<number>();
    const writes: PaymentWrite[] = entries.map((entry, index) => {
      const at = `payments.${index}`;
      const label = `第${index + 1}条`;
      if (!onRoll.has(entry.memberId)) throw rowError(`${at}.memberId`, `${label}：团员不在本支部名册上`);
      if (seen.has(entry.memberId)) throw rowError(`${at}.memberId`, `${label}：同一团员重复`);
      seen.add(entry.memberId);
      if (entry.paidOn > today) throw rowError(`${at}.paidOn`, `${label}：缴纳日期不能晚于今天`);
      const expectedYuan = expectedMonthlyDues(
        schedule.rows,
        { category: entry.category, monthlyIncomeYuan: entry.monthlyIncomeYuan ?? null },
        month,
      );
      const problem = duesPaymentProblem({ ...entry, expectedYuan });
      if (problem) throw rowError(`${at}.${problem.field}`, `${label}：${problem.message}`);
      return {
        memberId: entry.memberId,
        organizationId,
        amountYuan: entry.amountYuan,
        paidOn: entry.paidOn,
        category: entry.category,
        deviationReason: entry.deviationReason?.trim() || null,
      };
    });
    await upsertPayments(tx, month, writes);
    await recordAudit(tx, actor, {
      action: "dues.record",
      entityType: "organization",
      entityId: organizationId,
      organizationId,
      before: null,
      after: { month, count: writes.length, memberIds: writes.map((w) => w.memberId) },
    });
    return { organizationId, month, recorded: writes.length };
  });
}

/**
 * GET /organizations/{id}/dues/arrears?from&through: the current members of the subtree with unpaid
 * months in the period (default: January of `through`'s year to last month), at most 1,000, and the
 * subtree's collection rate over the period (paid member-months / expected member-months, percent;
 * issue 12 part 8). Unpaid dues never end membership by themselves (domain.md §5).
 * Errors: 400 field "from" after "through"; 404 outside; 403 without member:read.
 */
export async function listArrears(
  db: Database,
  actor: Actor,
  organizationId: number,
  from: string,
  through: string,
) {
  if (from > through) throw rowError("from", "起始月份不能晚于截止月份");
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  const path = requireFound(target, "organization").path;
  const items = await findArrears(db, path, from, through, 1000);
  const counts = await countMemberMonths(db, path, from, through);
  return {
    organizationId,
    from,
    through,
    items,
    expectedMemberMonths: counts.expected,
    paidMemberMonths: counts.paid,
    collectionRate: duesCollectionRate(counts.paid, counts.expected),
  };
}

/**
 * GET /me/dues: the signed-in member's payments (newest first) and their unpaid months of this year
 * up to last month (from the month they joined). Errors: 404 when the account has no member record.
 */
export async function getOwnDues(db: Database, actor: Actor, today: string) {
  const memberId = actor.userId === null ? null : await findMemberIdOfUser(db, actor.userId);
  const join = memberId === null ? undefined : await findMemberJoin(db, memberId);
  if (memberId === null || !join)
    throw new HttpError(404, "not_found", "您的账号没有关联团员档案 / your account has no member record");
  const payments = await findMemberPayments(db, memberId);
  const lastMonth = previousMonth(today);
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const since = join.joinedOn > yearStart ? join.joinedOn : yearStart;
  const unpaid =
    lastMonth < `${since.slice(0, 7)}-01`
      ? []
      : arrearsMonths(
          since,
          lastMonth,
          payments.map((p) => p.month),
        );
  return { payments, arrearsMonths: unpaid };
}

/** The first day of the month before `day` (YYYY-MM-DD). */
export function previousMonth(day: string): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return month === 1 ? `${year - 1}-12-01` : `${year}-${String(month - 1).padStart(2, "0")}-01`;
}
