import { compareIsoDates, DomainError, type MemberStatus } from "@tuanwu/domain";
import type { Executor } from "../../db/database";
import { keepSnapshotsExact } from "../stats/member-count-snapshot.service";
import {
  closeHistoryPeriod,
  findOpenHistoryPeriod,
  insertHistoryPeriod,
  moveFirstHistoryPeriodStart,
  rewriteHistoryPeriod,
} from "./member-record.repository";

/** A member's new branch or status from a day on; countyId its county when the caller knows it (Citus routing). */
interface MemberPeriodChange {
  organizationId: number;
  status: MemberStatus;
  effectiveOn: string;
  countyId?: number | undefined;
}

/**
 * Records in member_history that from `effectiveOn` ("YYYY-MM-DD") the member is in
 * `organizationId` with `status` (docs/ARCHITECTURE.md "Members and their history": one period per
 * status and branch, valid_from inclusive, valid_to exclusive). The open period is closed on
 * `effectiveOn` and a new one opened from it; when the open period began that very day, it is
 * rewritten in place instead (a zero-length period would hold on no date). Call in the transaction
 * that changes member.status / member.organization_id, so the two never disagree.
 *
 * @throws DomainError 422 "effective_date_before_current_period", field "effectiveOn", when
 *   `effectiveOn` is before the open period began (history cannot be rewritten backwards).
 */
export async function recordMemberPeriod(
  tx: Executor,
  memberId: number,
  change: MemberPeriodChange,
): Promise<void> {
  // A backdated change also corrects the month-end snapshots since effectiveOn (issue 18 part 4).
  await keepSnapshotsExact(tx, [memberId], change.effectiveOn, () => writeMemberPeriod(tx, memberId, change));
}

async function writeMemberPeriod(tx: Executor, memberId: number, change: MemberPeriodChange): Promise<void> {
  const open = await findOpenHistoryPeriod(tx, memberId, change.countyId);
  const countyId = open?.countyId ?? change.countyId;
  if (!open) {
    await insertHistoryPeriod(tx, {
      memberId,
      ...pickPeriod(change),
      validFrom: change.effectiveOn,
      countyId,
    });
    return;
  }
  const order = compareIsoDates(change.effectiveOn, open.validFrom);
  if (order < 0) {
    throw new DomainError(
      "effective_date_before_current_period",
      `生效日期：不能早于当前团籍状态或所在团支部的开始日期（${open.validFrom}）`,
      { field: "effectiveOn", status: 422 },
    );
  }
  if (order === 0) {
    await rewriteHistoryPeriod(tx, open, pickPeriod(change));
    return;
  }
  await closeHistoryPeriod(tx, open, change.effectiveOn);
  await insertHistoryPeriod(tx, { memberId, ...pickPeriod(change), validFrom: change.effectiveOn, countyId });
}

function pickPeriod(change: { organizationId: number; status: MemberStatus }) {
  return { organizationId: change.organizationId, status: change.status };
}

/**
 * Moves the start of the member's history to a corrected join date (入团时间): the first period,
 * which begins on the old join date, now begins on the new one. Call in the transaction that changes
 * member.joined_on. Nothing happens when the dates are equal. The month-end snapshots since the earlier
 * of the two dates are corrected in the same transaction (issue 18 part 4).
 *
 * @throws DomainError 422 "joined_on_after_history", field "joinedOn", when the first period ends on
 *   or before the new join date (a later status or branch change would then predate joining).
 */
export async function moveJoinDateInHistory(
  tx: Executor,
  memberId: number,
  oldJoinedOn: string,
  newJoinedOn: string,
): Promise<void> {
  if (oldJoinedOn === newJoinedOn) return;
  const from = oldJoinedOn < newJoinedOn ? oldJoinedOn : newJoinedOn;
  const moved = await keepSnapshotsExact(tx, [memberId], from, () =>
    moveFirstHistoryPeriodStart(tx, memberId, oldJoinedOn, newJoinedOn),
  );
  if (moved === 0) {
    throw new DomainError("joined_on_after_history", "入团时间：不能晚于此后团籍状态或所在团支部的变动日期", {
      field: "joinedOn",
      status: 422,
    });
  }
}
