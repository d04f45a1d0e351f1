import { randomBytes } from "node:crypto";
import {
  assertActivityTimes,
  DomainError,
  defaultCheckinWindow,
  detectImageType,
  MAX_PHOTO_BYTES,
  maskPhone,
  seatsLeft,
  seatsToPromote,
} from "@tuanwu/domain";
import { countyOfLocatedRow, countyOfOrganization, locateInCounty } from "../../db/county";
import type { Database, Executor } from "../../db/database";
import { HttpError } from "../../lib/http-errors";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import {
  type ActivityRow,
  type ActivityValues,
  findActivities,
  findActivity,
  findPhotoBytes,
  findPhotos,
  findSignup,
  findSignupState,
  findSignups,
  insertActivity,
  insertPhoto,
  isYouthHomeInSubtree,
  lockActivity,
  promoteWaitlisted,
  type SignupRecord,
  updateActivity,
  updateSignup,
} from "./activity.repository";
import type { ActivityCreateInput, ActivityPatchInput } from "./activity.schemas";

/**
 * Activities 活动 (domain.md §7; issue 14 part 2), the staff side: publish at an organization
 * (optionally at one of its homes), list with counts per activity and per organization, edit, cancel,
 * read the sign-ups (phones masked unless member:read_personal), cancel a sign-up (the waitlist moves
 * up), add photos (image type from the bytes). youth_home:read / youth_home:write; narrowed to the
 * actor's subtree (404 outside); each write one audit entry in its transaction.
 */

/**
 * A random url-safe token of 16 bytes (22 characters): the secret part of a sign-up or check-in link, to
 * which insertActivity appends the activity's id (migration 0054: the public page finds its county by it).
 */
export function newToken(): string {
  return randomBytes(16).toString("base64url");
}

/** An activity as answered (schema Activity). */
export function activityView(row: ActivityRow) {
  const { activity } = row;
  return {
    id: activity.id,
    organizationId: activity.organizationId,
    organizationName: row.organizationName,
    youthHomeId: activity.youthHomeId,
    youthHomeName: row.youthHomeName,
    title: activity.title,
    description: activity.description,
    place: activity.place,
    startsAt: activity.startsAt.toISOString(),
    endsAt: activity.endsAt.toISOString(),
    checkinOpensAt: activity.checkinOpensAt.toISOString(),
    checkinClosesAt: activity.checkinClosesAt.toISOString(),
    capacity: activity.capacity,
    seatsLeft: seatsLeft(activity.capacity, row.confirmed),
    audience: activity.audience,
    status: activity.status as "published" | "cancelled",
    publicToken: activity.publicToken,
    checkinToken: activity.checkinToken,
    counts: {
      confirmed: row.confirmed,
      waitlisted: row.waitlisted,
      checkedIn: row.checkedIn,
      checkedOut: row.checkedOut,
      ratings: row.ratings,
      ratingAverage: row.ratingAverage,
    },
    createdAt: activity.createdAt.toISOString(),
  };
}

/** A sign-up as answered: the phone masked unless `showPhone`. */
export function signupView(row: SignupRecord, showPhone: boolean) {
  return {
    id: row.id,
    name: row.name,
    phone: showPhone ? row.phone : maskPhone(row.phone),
    memberId: row.memberId,
    status: row.status as "confirmed" | "waitlisted" | "cancelled",
    waitlistPosition: row.waitlistPosition,
    checkedInAt: row.checkedInAt?.toISOString() ?? null,
    checkedOutAt: row.checkedOutAt?.toISOString() ?? null,
    rating: row.rating,
    comment: row.comment,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The activities of an organization's subtree (newest first), each with its counts, their totals and
 * the counts per organization (for the list pages); `youthHomeId` narrows to one home.
 * Errors: 404 organization outside the scope; 403 without youth_home:read.
 */
export async function listActivities(
  db: Database,
  actor: Actor,
  organizationId: number,
  options: { youthHomeId?: number | undefined },
) {
  const [target] = await requireAccess(db, actor, {
    permission: "youth_home:read",
    kind: "organization",
    ids: [organizationId],
  });
  const rows = await findActivities(db, requireFound(target, "organization").path, options);
  const items = rows.map(activityView);
  const totals = { activities: 0, confirmed: 0, waitlisted: 0, checkedIn: 0, checkedOut: 0, ratings: 0 };
  const perOrganization = new Map<
    number,
    { organizationName: string; activities: number; confirmed: number; checkedIn: number }
  >();
  for (const item of items) {
    if (item.status === "cancelled") continue;
    totals.activities++;
    for (const key of ["confirmed", "waitlisted", "checkedIn", "checkedOut", "ratings"] as const)
      totals[key] += item.counts[key];
    const group = perOrganization.get(item.organizationId) ?? {
      organizationName: item.organizationName,
      activities: 0,
      confirmed: 0,
      checkedIn: 0,
    };
    group.activities++;
    group.confirmed += item.counts.confirmed;
    group.checkedIn += item.counts.checkedIn;
    perOrganization.set(item.organizationId, group);
  }
  const byOrganization = [...perOrganization].map(([id, group]) => ({ organizationId: id, ...group }));
  return { items, totals, byOrganization };
}

/** One activity with counts and its photos (without bytes). Errors: 404 outside the scope; 403. */
export async function getActivity(db: Database, actor: Actor, id: number) {
  await requireAccess(db, actor, { permission: "youth_home:read", kind: "activity", ids: [id] });
  const county = await countyOfLocatedRow(db, "activity", id);
  const row = requireFound(await findActivity(db, county, id), "activity");
  return { ...activityView(row), photos: await findPhotos(db, county, id) };
}

function badInput(field: string, message: string): DomainError {
  return new DomainError("invalid_input", message, { field, status: 400 });
}

/**
 * Publishes an activity at an organization (POST /organizations/{id}/activities): the check-in window
 * defaults to start − 30 min … end; a sign-up token and a QR check-in token are drawn. A home, when
 * given, must be a listed home of the organization's subtree in its county bucket. Audit "activity.create".
 * Errors: 404 organization outside the scope; 403 without youth_home:write; 400 naming the field
 * (times inconsistent, youthHomeId not a listed home of the subtree).
 */
export async function createActivity(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: ActivityCreateInput,
) {
  const created = await db.transaction(async (tx) => {
    const [target] = await requireAccess(tx, actor, {
      permission: "youth_home:write",
      kind: "organization",
      ids: [organizationId],
    });
    const path = requireFound(target, "organization").path;
    const window = defaultCheckinWindow(input.startsAt, input.endsAt);
    const times = {
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      checkinOpensAt: input.checkinOpensAt ?? window.opensAt,
      checkinClosesAt: input.checkinClosesAt ?? window.closesAt,
    };
    assertActivityTimes(times);
    const youthHomeId = input.youthHomeId ?? null;
    const countyId = await countyOfOrganization(tx, organizationId);
    if (youthHomeId !== null && !(await isYouthHomeInSubtree(tx, youthHomeId, path, countyId)))
      throw badInput("youthHomeId", "青年之家 youthHomeId：不是本组织及下级（同一县）的在册青年之家");
    const id = await insertActivity(tx, {
      organizationId,
      countyId,
      youthHomeId,
      title: input.title,
      description: input.description ?? null,
      place: input.place,
      ...times,
      capacity: input.capacity,
      audience: input.audience ?? null,
      publicToken: newToken(),
      checkinToken: newToken(),
    });
    const view = activityView(requireFound(await findActivity(tx, countyId, id), "activity"));
    const { publicToken: _public, checkinToken: _checkin, ...audited } = view;
    await recordAudit(tx, actor, {
      action: "activity.create",
      entityType: "activity",
      entityId: id,
      organizationId,
      after: audited,
    });
    return { view, countyId };
  });
  // Its location after the commit (county_locator, migration 0054; until then a read by id asks the table).
  await locateInCounty(db, "activity", [{ id: created.view.id, countyId: created.countyId }]);
  return created.view;
}

/**
 * Edits an activity (PATCH /activities/{id}); the row is locked. A larger capacity promotes the
 * waitlist in order; a capacity below the confirmed sign-ups is refused. Audit "activity.update".
 * Errors: 404; 403; 400 naming the field (times, capacity); 422 activity_cancelled.
 */
export async function updateActivityRecord(
  db: Database,
  actor: Actor,
  id: number,
  input: ActivityPatchInput,
) {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, { permission: "youth_home:write", kind: "activity", ids: [id] });
    const county = await countyOfLocatedRow(tx, "activity", id);
    const locked = requireFound(await lockActivity(tx, county, id), "activity");
    if (locked.status === "cancelled")
      throw new DomainError("activity_cancelled", "活动已取消，不能修改", { status: 422 });
    const before = activityView(requireFound(await findActivity(tx, county, id), "activity"));
    const values: Partial<ActivityValues> = {};
    for (const key of ["title", "description", "place", "audience", "capacity"] as const)
      if (input[key] !== undefined) Object.assign(values, { [key]: input[key] });
    const times = {
      startsAt: input.startsAt ?? locked.startsAt,
      endsAt: input.endsAt ?? locked.endsAt,
      checkinOpensAt: input.checkinOpensAt ?? locked.checkinOpensAt,
      checkinClosesAt: input.checkinClosesAt ?? locked.checkinClosesAt,
    };
    assertActivityTimes(times);
    Object.assign(values, times);
    const state = await findSignupState(tx, county, id);
    const capacity = input.capacity ?? locked.capacity;
    if (capacity < state.confirmed)
      throw badInput("capacity", `人数上限 capacity：不能少于已报名人数${state.confirmed}`);
    await updateActivity(tx, county, id, values);
    const promoted = await promoteWaitlisted(
      tx,
      county,
      id,
      seatsToPromote({ capacity, confirmed: state.confirmed, waitlisted: state.waitlisted }),
    );
    const after = activityView(requireFound(await findActivity(tx, county, id), "activity"));
    await recordAudit(tx, actor, {
      action: "activity.update",
      entityType: "activity",
      entityId: id,
      organizationId: after.organizationId,
      before: { ...before, publicToken: undefined, checkinToken: undefined },
      after: { ...after, publicToken: undefined, checkinToken: undefined },
      detail: promoted.length > 0 ? { promotedSignupIds: promoted } : undefined,
    });
    return after;
  });
}

/**
 * Cancels an activity (POST /activities/{id}/cancel): its links stop taking sign-ups and check-ins.
 * Audit "activity.cancel". Errors: 404; 403; 409 already_cancelled.
 */
export async function cancelActivity(db: Database, actor: Actor, id: number) {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, { permission: "youth_home:write", kind: "activity", ids: [id] });
    const county = await countyOfLocatedRow(tx, "activity", id);
    const locked = requireFound(await lockActivity(tx, county, id), "activity");
    if (locked.status === "cancelled")
      throw new DomainError("already_cancelled", "活动已取消", { status: 409 });
    await updateActivity(tx, county, id, { status: "cancelled" });
    await recordAudit(tx, actor, {
      action: "activity.cancel",
      entityType: "activity",
      entityId: id,
      organizationId: locked.organizationId,
      before: { status: "published" },
      after: { status: "cancelled" },
    });
    return activityView(requireFound(await findActivity(tx, county, id), "activity"));
  });
}

/**
 * The sign-ups of an activity (报名名单): confirmed, the waitlist in order, cancelled; phones masked
 * unless the role holds member:read_personal (domain.md §2). Errors: 404; 403.
 */
export async function listSignups(db: Database, actor: Actor, id: number) {
  await requireAccess(db, actor, { permission: "youth_home:read", kind: "activity", ids: [id] });
  const county = await countyOfLocatedRow(db, "activity", id);
  const showPhone = actor.permissions.has("member:read_personal");
  return { items: (await findSignups(db, county, id)).map((row) => signupView(row, showPhone)) };
}

/**
 * Cancels a sign-up and promotes the waitlist into the seat freed (under the activity's row lock).
 * Returns the promoted sign-ups' ids. Used by the staff route and the public cancellation.
 */
export async function cancelSignupLocked(
  tx: Executor,
  activity: { id: number; countyId: number; capacity: number },
  signup: SignupRecord,
) {
  await updateSignup(tx, activity.countyId, signup.id, { status: "cancelled", waitlistPosition: null });
  const state = await findSignupState(tx, activity.countyId, activity.id);
  return promoteWaitlisted(
    tx,
    activity.countyId,
    activity.id,
    seatsToPromote({ capacity: activity.capacity, confirmed: state.confirmed, waitlisted: state.waitlisted }),
  );
}

/**
 * Cancels one sign-up (POST /activities/{id}/signups/{signupId}/cancel): the first of the waitlist
 * takes the freed seat. Audit "activity_signup.cancel". Errors: 404 (activity outside the scope, or
 * no such sign-up of it); 403; 409 already_cancelled.
 */
export async function cancelSignupByStaff(db: Database, actor: Actor, id: number, signupId: number) {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, { permission: "youth_home:write", kind: "activity", ids: [id] });
    const county = await countyOfLocatedRow(tx, "activity", id);
    const locked = requireFound(await lockActivity(tx, county, id), "activity");
    const signup = requireFound(await findSignup(tx, county, id, signupId), "activity");
    if (signup.status === "cancelled")
      throw new DomainError("already_cancelled", "该报名已取消", { status: 409 });
    const promoted = await cancelSignupLocked(tx, locked, signup);
    await recordAudit(tx, actor, {
      action: "activity_signup.cancel",
      entityType: "activity_signup",
      entityId: signupId,
      organizationId: locked.organizationId,
      before: { status: signup.status },
      after: { status: "cancelled" },
      detail: { activityId: id, promotedSignupIds: promoted },
    });
    const showPhone = actor.permissions.has("member:read_personal");
    return { items: (await findSignups(tx, county, id)).map((row) => signupView(row, showPhone)) };
  });
}

/**
 * Adds a photo to an activity (POST /activities/{id}/photos): the type is read from the bytes (JPEG,
 * PNG, GIF, WebP), never from the name; at most 10 MB. Audit "activity.photo". Errors: 404; 403; 400
 * field "file" not_an_image; 413 file_too_large.
 */
export async function addActivityPhoto(
  db: Database,
  actor: Actor,
  id: number,
  upload: { fileName: string | undefined; bytes: Buffer },
) {
  await requireAccess(db, actor, { permission: "youth_home:write", kind: "activity", ids: [id] });
  if (upload.bytes.length > MAX_PHOTO_BYTES)
    throw new HttpError(
      413,
      "file_too_large",
      "文件 file：照片不能超过 10 MB / a photo may not exceed 10 MB",
      "file",
    );
  const contentType = detectImageType(upload.bytes);
  if (!contentType)
    throw new DomainError("not_an_image", "文件 file：不是图片（支持 JPEG、PNG、GIF、WebP）", {
      field: "file",
      status: 400,
    });
  const county = await countyOfLocatedRow(db, "activity", id);
  return db.transaction(async (tx) => {
    const locked = requireFound(await lockActivity(tx, county, id), "activity");
    const photo = await insertPhoto(tx, {
      activityId: id,
      countyId: locked.countyId,
      fileName: (upload.fileName ?? "photo").slice(0, 200),
      contentType,
      byteSize: upload.bytes.length,
      bytes: upload.bytes,
      uploadedBy: actor.userId,
    });
    await recordAudit(tx, actor, {
      action: "activity.photo",
      entityType: "activity_photo",
      entityId: photo.id,
      organizationId: locked.organizationId,
      after: { activityId: id, ...photo },
    });
    return photo;
  });
}

/** A photo's bytes for display (GET /activities/{id}/photos/{photoId}). Errors: 404; 403. */
export async function readActivityPhoto(db: Database, actor: Actor, id: number, photoId: number) {
  await requireAccess(db, actor, { permission: "youth_home:read", kind: "activity", ids: [id] });
  const county = await countyOfLocatedRow(db, "activity", id);
  return requireFound(await findPhotoBytes(db, county, id, photoId), "activity");
}
