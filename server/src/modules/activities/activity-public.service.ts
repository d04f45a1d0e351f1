import {
  assertCheckin,
  assertRating,
  type CheckinAction,
  DomainError,
  placeSignup,
  seatsLeft,
} from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { HttpError } from "../../lib/http-errors";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { findMemberIdOfUser } from "../me/me.repository";
import { violatedConstraint } from "../members/member-constraints";
import {
  findActivityByCheckinToken,
  findActivityByPublicToken,
  findLiveSignup,
  findMemberPhone,
  findSignupState,
  findSignupsOfPerson,
  insertSignup,
  lockActivityByToken,
  updateSignup,
} from "./activity.repository";
import { cancelSignupLocked } from "./activity.service";

/**
 * The public side of activities (issue 14 parts 2 and 5): the sign-up page, sign-up with a waitlist,
 * check-in and check-out by QR link and phone, ratings — no account, rate-limited by the routes, and
 * never anything of the registry: a public answer holds the activity's title, time, place and seats
 * left, and the caller's own sign-up state. Plus the signed-in member's own activities.
 * Writes are audited under the actor "公开链接" (no user id).
 */

/** Who a public write is recorded as in the audit log. */
const PUBLIC_ACTOR = { userId: null, username: "公开链接" } as const;

/** 404 for an unknown link, the same for every unknown or malformed token. */
function unknownLink(): HttpError {
  return new HttpError(404, "not_found", "活动不存在或链接已失效 / activity not found");
}

/** The sign-up page of an activity: title, time, place, capacity and seats left, cancelled or not. */
export async function getPublicActivity(db: Database, token: string) {
  const found = await findActivityByPublicToken(db, token);
  if (!found) throw unknownLink();
  const { activity } = found;
  return {
    title: activity.title,
    startsAt: activity.startsAt.toISOString(),
    endsAt: activity.endsAt.toISOString(),
    place: activity.place,
    capacity: activity.capacity,
    seatsLeft: seatsLeft(activity.capacity, found.confirmed),
    cancelled: activity.status === "cancelled",
  };
}

/**
 * Signs a person up through the public link (报名): confirmed while seats are left, else waitlisted at
 * the end of the line — never over capacity (issue 14 "Bad input"). The activity row is locked for
 * the placement, so two sign-ups for the last seat get one seat and one waitlist place. A signed-in
 * member's sign-up carries their member id. Audit "activity_signup.create".
 * Errors: 404 unknown link; 422 activity_cancelled / signup_closed (the activity has ended); 409
 * already_signed_up (field phone) for a phone with a live sign-up.
 */
export async function signUpPublicly(
  db: Database,
  token: string,
  input: { name: string; phone: string; deviceKey?: string | undefined },
  actor: Actor | null,
  now: Date = new Date(),
) {
  const memberId = actor?.userId ? await findMemberIdOfUser(db, actor.userId) : null;
  try {
    return await db.transaction(async (tx) => {
      const activity = await lockActivityByToken(tx, "public", token);
      if (!activity) throw unknownLink();
      if (activity.status !== "published")
        throw new DomainError("activity_cancelled", "活动已取消", { status: 422 });
      if (now >= activity.endsAt)
        throw new DomainError("signup_closed", "活动已结束，不能报名", { status: 422 });
      if (await findLiveSignup(tx, activity.countyId, activity.id, input.phone)) throw alreadySignedUp();
      const placement = placeSignup({
        capacity: activity.capacity,
        ...(await findSignupState(tx, activity.countyId, activity.id)),
      });
      const signup = await insertSignup(tx, {
        activityId: activity.id,
        countyId: activity.countyId,
        name: input.name,
        phone: input.phone,
        memberId,
        deviceKey: input.deviceKey ?? null,
        status: placement.status,
        waitlistPosition: placement.waitlistPosition,
      });
      await recordAudit(tx, PUBLIC_ACTOR, {
        action: "activity_signup.create",
        entityType: "activity_signup",
        entityId: signup.id,
        organizationId: activity.organizationId,
        after: { activityId: activity.id, name: input.name, phone: input.phone, ...placement },
      });
      return placement;
    });
  } catch (error) {
    if (violatedConstraint(error) === "activity_signup_phone_key") throw alreadySignedUp();
    throw error;
  }
}

function alreadySignedUp(): DomainError {
  return new DomainError("already_signed_up", "手机号 phone：该手机号已报名此活动", {
    field: "phone",
    status: 409,
  });
}

/**
 * Cancels one's own sign-up through the public link: the phone and the device key it was made with
 * must match (else 404, as for no sign-up); the first of the waitlist takes a freed seat.
 * Audit "activity_signup.cancel". Errors: 404; 422 activity_cancelled.
 */
export async function cancelSignupPublicly(
  db: Database,
  token: string,
  input: { phone: string; deviceKey: string },
) {
  return db.transaction(async (tx) => {
    const activity = await lockActivityByToken(tx, "public", token);
    if (!activity) throw unknownLink();
    const signup = await findLiveSignup(tx, activity.countyId, activity.id, input.phone, true);
    if (!signup || signup.deviceKey !== input.deviceKey)
      throw new HttpError(
        404,
        "not_found",
        "手机号 phone：未找到本设备的报名 / no sign-up of this device",
        "phone",
      );
    const promoted = await cancelSignupLocked(tx, activity, signup);
    await recordAudit(tx, PUBLIC_ACTOR, {
      action: "activity_signup.cancel",
      entityType: "activity_signup",
      entityId: signup.id,
      organizationId: activity.organizationId,
      before: { status: signup.status },
      after: { status: "cancelled" },
      detail: { activityId: activity.id, promotedSignupIds: promoted },
    });
    return { status: "cancelled" as const };
  });
}

/**
 * Checks in or out through the QR link (扫码签到/签退) by phone: only a confirmed sign-up, check-in
 * inside the activity's window and once, check-out after check-in and once (domain assertCheckin).
 * The sign-up row is locked, so a double scan gets one success and one 409. Audit
 * "activity_signup.check_in" / ".check_out". Errors: 404 unknown link; 422 not_signed_up / waitlisted
 * / outside_window / activity_cancelled; 409 already_checked_in / not_checked_in / already_checked_out.
 */
export async function checkInPublicly(
  db: Database,
  checkinToken: string,
  input: { phone: string; action: CheckinAction },
  now: Date = new Date(),
) {
  return db.transaction(async (tx) => {
    const activity = await findActivityByCheckinToken(tx, checkinToken);
    if (!activity) throw unknownLink();
    const signup = await findLiveSignup(tx, activity.countyId, activity.id, input.phone, true);
    assertCheckin(
      input.action,
      {
        status: activity.status as "published" | "cancelled",
        checkinOpensAt: activity.checkinOpensAt,
        checkinClosesAt: activity.checkinClosesAt,
      },
      signup && { ...signup, status: signup.status as "confirmed" | "waitlisted" | "cancelled" },
      now,
    );
    if (!signup) throw unknownLink();
    await updateSignup(
      tx,
      activity.countyId,
      signup.id,
      input.action === "check_in" ? { checkedInAt: now } : { checkedOutAt: now },
    );
    await recordAudit(tx, PUBLIC_ACTOR, {
      action: `activity_signup.${input.action}`,
      entityType: "activity_signup",
      entityId: signup.id,
      organizationId: activity.organizationId,
      after: { activityId: activity.id, at: now.toISOString() },
    });
    return { action: input.action, at: now.toISOString(), title: activity.title };
  });
}

/**
 * Rates an attended activity 1–5 with an optional comment (评价), once, by phone through the sign-up
 * link. Audit "activity_signup.rate". Errors: 404 unknown link; 400 rating; 422 not_signed_up /
 * not_attended; 409 already_rated.
 */
export async function rateActivityPublicly(
  db: Database,
  token: string,
  input: { phone: string; rating: number; comment?: string | undefined },
) {
  return db.transaction(async (tx) => {
    const found = await findActivityByPublicToken(tx, token);
    if (!found) throw unknownLink();
    const signup = await findLiveSignup(tx, found.activity.countyId, found.activity.id, input.phone, true);
    if (!signup)
      throw new DomainError("not_signed_up", "手机号 phone：未找到该手机号的报名", {
        field: "phone",
        status: 422,
      });
    assertRating(
      { ...signup, status: signup.status as "confirmed" | "waitlisted" | "cancelled" },
      input.rating,
    );
    await updateSignup(tx, found.activity.countyId, signup.id, {
      rating: input.rating,
      comment: input.comment ?? null,
    });
    await recordAudit(tx, PUBLIC_ACTOR, {
      action: "activity_signup.rate",
      entityType: "activity_signup",
      entityId: signup.id,
      organizationId: found.activity.organizationId,
      after: { activityId: found.activity.id, rating: input.rating, comment: input.comment ?? null },
    });
    return { rating: input.rating };
  });
}

/**
 * The signed-in member's activities (我的活动): sign-ups recorded with their member id or made with
 * the phone of their member record, newest first. An account without a member record has none.
 */
export async function listOwnActivities(db: Database, actor: Actor) {
  const memberId = actor.userId === null ? null : await findMemberIdOfUser(db, actor.userId);
  if (memberId === null) return { items: [] };
  const rows = await findSignupsOfPerson(db, memberId, await findMemberPhone(db, memberId));
  return {
    items: rows.map(({ signup, activity, organizationName }) => ({
      signupId: signup.id,
      activityId: activity.id,
      title: activity.title,
      place: activity.place,
      startsAt: activity.startsAt.toISOString(),
      endsAt: activity.endsAt.toISOString(),
      organizationName,
      activityStatus: activity.status as "published" | "cancelled",
      status: signup.status as "confirmed" | "waitlisted" | "cancelled",
      waitlistPosition: signup.waitlistPosition,
      checkedInAt: signup.checkedInAt?.toISOString() ?? null,
      checkedOutAt: signup.checkedOutAt?.toISOString() ?? null,
      rating: signup.rating,
      publicToken: activity.publicToken,
    })),
  };
}
