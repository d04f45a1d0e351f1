import type { Label } from "../dictionaries/dictionary";
import { DomainError } from "../errors";

/**
 * Rules of activities published by Youth Homes and organizations (domain.md §7; issue 14 part 2):
 * sign-up with a waitlist that never goes over capacity, waitlist promotion when a seat frees, the
 * check-in window, check-in and check-out once each, ratings 1–5. Pure: times are passed in.
 */

export const ACTIVITY_STATUSES = ["published", "cancelled"] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const SIGNUP_STATUSES = ["confirmed", "waitlisted", "cancelled"] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];

export const SIGNUP_STATUS_LABELS: Readonly<Record<SignupStatus, Label>> = {
  confirmed: { zh: "已报名", en: "Confirmed" },
  waitlisted: { zh: "候补", en: "Waitlisted" },
  cancelled: { zh: "已取消", en: "Cancelled" },
};

/** Check-in opens this many minutes before the start by default (the window is start − 30 min … end). */
export const DEFAULT_CHECKIN_LEAD_MINUTES = 30;

/**
 * Check-out stays open this many minutes after the check-in window closes (an activity ending at
 * 16:00 can be checked out of until 18:00). The issue names no figure; this installation's setting.
 */
export const CHECKOUT_GRACE_MINUTES = 120;

const MINUTE = 60_000;

/** The default check-in window of an activity: 30 minutes before the start … the end. */
export function defaultCheckinWindow(startsAt: Date, endsAt: Date): { opensAt: Date; closesAt: Date } {
  return { opensAt: new Date(startsAt.getTime() - DEFAULT_CHECKIN_LEAD_MINUTES * MINUTE), closesAt: endsAt };
}

/**
 * The times of an activity are consistent: it ends after it starts; the check-in window closes after it
 * opens, opens no later than the end and closes no earlier than the start.
 * @throws DomainError 400 naming endsAt / checkinClosesAt / checkinOpensAt.
 */
export function assertActivityTimes(times: {
  startsAt: Date;
  endsAt: Date;
  checkinOpensAt: Date;
  checkinClosesAt: Date;
}): void {
  if (times.endsAt <= times.startsAt)
    throw new DomainError("invalid_input", "结束时间 endsAt：应晚于开始时间", {
      field: "endsAt",
      status: 400,
    });
  if (times.checkinClosesAt <= times.checkinOpensAt)
    throw new DomainError("invalid_input", "签到截止 checkinClosesAt：应晚于签到开始时间", {
      field: "checkinClosesAt",
      status: 400,
    });
  if (times.checkinOpensAt > times.endsAt)
    throw new DomainError("invalid_input", "签到开始 checkinOpensAt：不能晚于活动结束时间", {
      field: "checkinOpensAt",
      status: 400,
    });
  if (times.checkinClosesAt < times.startsAt)
    throw new DomainError("invalid_input", "签到截止 checkinClosesAt：不能早于活动开始时间", {
      field: "checkinClosesAt",
      status: 400,
    });
}

/** A new sign-up's place: confirmed while seats are left, else waitlisted at the end of the line. */
export interface SignupPlacement {
  status: "confirmed" | "waitlisted";
  waitlistPosition: number | null;
}

/**
 * Where a new sign-up goes (issue 14: "sign-up beyond capacity goes to the waitlist, never over"):
 * confirmed when fewer than `capacity` are confirmed, else waitlisted after the last position.
 * The caller reads `confirmed` and `lastWaitlistPosition` with the activity row locked.
 */
export function placeSignup(state: {
  capacity: number;
  confirmed: number;
  lastWaitlistPosition: number | null;
}): SignupPlacement {
  if (state.confirmed < state.capacity) return { status: "confirmed", waitlistPosition: null };
  return { status: "waitlisted", waitlistPosition: (state.lastWaitlistPosition ?? 0) + 1 };
}

/**
 * How many waitlisted sign-ups are promoted after a change (a cancellation, a larger capacity): the
 * free seats, at most the waitlist's length. The earliest positions go first.
 */
export function seatsToPromote(state: { capacity: number; confirmed: number; waitlisted: number }): number {
  return Math.max(0, Math.min(state.capacity - state.confirmed, state.waitlisted));
}

/** What a sign-up looks like to the check-in rule. */
export interface CheckinSignup {
  status: SignupStatus;
  checkedInAt: Date | null;
  checkedOutAt: Date | null;
}

/** An action at the QR check-in link: check in, or check out after checking in. */
export type CheckinAction = "check_in" | "check_out";

function refused(code: string, message: string, status: 409 | 422 = 409): DomainError {
  return new DomainError(code, message, { field: "phone", status });
}

/**
 * Decides a check-in or check-out at `now` (issue 14: "check-in outside the activity's window or
 * twice" is refused): the activity must be published; the phone must hold a confirmed sign-up;
 * check-in only inside [checkinOpensAt, checkinClosesAt] and once; check-out only after check-in,
 * once, and no later than {@link CHECKOUT_GRACE_MINUTES} after the window closes.
 * @throws DomainError 422 activity_cancelled / not_signed_up / waitlisted / outside_window;
 *   409 already_checked_in / not_checked_in / already_checked_out.
 */
export function assertCheckin(
  action: CheckinAction,
  activity: { status: ActivityStatus; checkinOpensAt: Date; checkinClosesAt: Date },
  signup: CheckinSignup | undefined,
  now: Date,
): void {
  if (activity.status !== "published") throw refused("activity_cancelled", "活动已取消", 422);
  if (!signup || signup.status === "cancelled")
    throw refused("not_signed_up", "手机号 phone：未找到该手机号的报名", 422);
  if (signup.status === "waitlisted") throw refused("waitlisted", "手机号 phone：仍在候补，未获得名额", 422);
  if (action === "check_in") {
    if (signup.checkedInAt) throw refused("already_checked_in", "手机号 phone：已签到，不能重复签到");
    if (now < activity.checkinOpensAt || now > activity.checkinClosesAt)
      throw refused("outside_window", "不在签到时间内", 422);
    return;
  }
  if (!signup.checkedInAt) throw refused("not_checked_in", "手机号 phone：尚未签到，不能签退");
  if (signup.checkedOutAt) throw refused("already_checked_out", "手机号 phone：已签退，不能重复签退");
  if (now.getTime() > activity.checkinClosesAt.getTime() + CHECKOUT_GRACE_MINUTES * MINUTE)
    throw refused("outside_window", "不在签退时间内", 422);
}

/** Ratings are whole numbers 1 (worst) … 5 (best). */
export const RATING_MIN = 1;
export const RATING_MAX = 5;

/** Whether `value` is a rating: an integer 1–5. */
export function isRating(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= RATING_MIN && value <= RATING_MAX;
}

/**
 * A participant may rate once, after checking in (having attended): 422 not_attended without a
 * check-in; 409 already_rated for a second rating; 400 rating outside 1–5.
 */
export function assertRating(signup: CheckinSignup & { rating: number | null }, rating: unknown): void {
  if (!isRating(rating))
    throw new DomainError("invalid_input", "评分 rating：应为1到5的整数", { field: "rating", status: 400 });
  if (signup.status !== "confirmed" || !signup.checkedInAt)
    throw refused("not_attended", "手机号 phone：签到后才能评价", 422);
  if (signup.rating !== null) throw refused("already_rated", "手机号 phone：已评价过");
}

/** Seats left of an activity (never negative): capacity − confirmed. */
export function seatsLeft(capacity: number, confirmed: number): number {
  return Math.max(0, capacity - confirmed);
}
