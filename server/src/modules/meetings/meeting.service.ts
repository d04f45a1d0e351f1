import { randomBytes } from "node:crypto";
import {
  type AttendanceEntry,
  assertAttendeesOnRoll,
  assertMeetingNotInFuture,
  CONTROL_CHARACTERS,
  DomainError,
  detectMeetingPhotoType,
  isCurrentMemberStatus,
  MAX_MEETING_PHOTO_BYTES,
  MEETING_KIND_LABELS,
  type MeetingInput,
  type MeetingKind,
  type MemberStatus,
  requireClassHours,
  silentCutoff,
  weeksSince,
} from "@tuanwu/domain";
import type { z } from "zod";
import { countyOfOrganization, locateInCounty } from "../../db/county";
import type { Database, Executor } from "../../db/database";
import { HttpError, notFound } from "../../lib/http-errors";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import {
  type AttendanceRow,
  countyOfMeeting,
  findAttendance,
  findBranchRoll,
  findMeeting,
  findMeetingByToken,
  findMeetingsInSubtree,
  findMeetingsOfMember,
  findMemberNames,
  findMemberOfUser,
  findPhotoContent,
  findPhotos,
  findSilentBranches,
  insertMeeting,
  insertPhoto,
  type MeetingRow,
  newSigninToken,
  refreshLastOrganizationalLife,
  replaceAttendance,
  setSigninToken,
  signIn,
  updateMeetingFields,
} from "./meeting.repository";
import type { meetingPatchSchema } from "./meeting.schemas";

/** Characters a stored file name may not hold: path separators and control characters. */
const UNSAFE_FILE_NAME_CHARACTERS = new RegExp(`[\\\\/]|${CONTROL_CHARACTERS.source}`, "g");

/** Most meetings one list answers (narrow the dates for more). */
export const MEETING_LIST_LIMIT = 500;
/** Most silent branches one answer lists. */
export const SILENT_BRANCH_LIMIT = 1000;

function summary(row: MeetingRow) {
  return {
    id: row.id,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    kind: row.kind as MeetingKind,
    kindLabel: MEETING_KIND_LABELS[row.kind as MeetingKind].zh,
    heldOn: row.heldOn,
    topic: row.topic,
    classHours: row.classHours,
    presentCount: row.presentCount,
    absentCount: row.absentCount,
  };
}

/** A meeting as listed (MeetingSummary). */
export type MeetingSummary = ReturnType<typeof summary>;

async function detail(db: Executor, row: MeetingRow, now: Date) {
  return {
    ...summary(row),
    minutes: row.minutes,
    createdAt: row.createdAt,
    signin:
      row.signinToken && row.signinClosesAt
        ? {
            token: row.signinToken,
            closesAt: row.signinClosesAt,
            open: Date.parse(row.signinClosesAt) > now.getTime(),
          }
        : null,
    attendance: (await findAttendance(db, row.countyId, row.id)).map((entry) => ({
      ...entry,
      status: entry.status,
    })),
    photos: await findPhotos(db, row.countyId, row.id),
  };
}

/** A meeting with minutes, attendance, photos and sign-in state (MeetingDetail). */
export type MeetingDetail = Awaited<ReturnType<typeof detail>>;

/** Meetings are held by branches (团支部) and general branches (团总支), not committees. */
async function requireBranch(db: Executor, organizationId: number): Promise<void> {
  const roll = await db.query.organization.findFirst({
    columns: { kind: true },
    where: (organization, { eq }) => eq(organization.id, organizationId),
  });
  if (roll && roll.kind !== "branch" && roll.kind !== "general_branch") {
    throw new DomainError("not_a_branch", "组织：会议由团支部或团总支记录，请选择一个支部", {
      status: 400,
      field: "organizationId",
    });
  }
}

/** Every attendee on the branch roll (the branch's current members), else 400 naming them. */
async function checkRoll(
  db: Executor,
  organizationId: number,
  attendance: readonly Pick<AttendanceEntry, "memberId">[],
): Promise<void> {
  const roll = await findBranchRoll(db, organizationId);
  const onRoll = new Set(roll.map((member) => member.id));
  const outsiders = attendance.map((entry) => entry.memberId).filter((id) => !onRoll.has(id));
  assertAttendeesOnRoll(attendance, roll, await findMemberNames(db, outsiders));
}

function attendanceEntries(attendance: readonly AttendanceEntry[]) {
  return attendance.map((entry) => ({
    memberId: entry.memberId,
    status: entry.status,
    absenceReason: entry.status === "absent" ? (entry.absenceReason ?? null) : null,
  }));
}

/**
 * The meetings of an organization's subtree (GET /organizations/{id}/meetings?from&to&kind), newest
 * first, at most {@link MEETING_LIST_LIMIT}. Errors: 404 outside the scope; 403 without member:read.
 */
export async function listMeetings(
  db: Database,
  actor: Actor,
  organizationId: number,
  filter: { from?: string | undefined; to?: string | undefined; kind?: string | undefined },
): Promise<{ items: MeetingSummary[]; truncated: boolean }> {
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  const rows = await findMeetingsInSubtree(db, target?.path ?? "", filter, MEETING_LIST_LIMIT + 1);
  return {
    items: rows.slice(0, MEETING_LIST_LIMIT).map(summary),
    truncated: rows.length > MEETING_LIST_LIMIT,
  };
}

/**
 * Records a meeting with its attendance in one transaction (POST /organizations/{id}/meetings;
 * issue 12 part 1): the organization is a branch, the date not after today in China, class hours
 * only and always for a 团课, every attendee on the branch roll; present attendees'
 * last_organizational_life_on follows (the lapse work list reads it). Audit "meeting.create".
 * Errors: 404 outside the scope; 403 without member:write; 400 naming the field (meeting_in_future
 * heldOn, attendee_not_on_roll attendance.{i}.memberId naming the member, not_a_branch) — nothing written.
 * Every statement names the branch's county (on Citus one shard group); the meeting's county_locator row
 * is written after the commit (a statement of its own, on the shard of its id: until then the meeting is
 * found by the table read of every shard — db/county.ts countiesOfRows).
 */
export async function createMeeting(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: MeetingInput,
  today: string,
  now: Date = new Date(),
): Promise<MeetingDetail> {
  let located = { id: 0, countyId: 0 };
  const created = await db.transaction(async (tx) => {
    await requireAccess(tx, actor, {
      permission: "member:write",
      kind: "organization",
      ids: [organizationId],
    });
    await requireBranch(tx, organizationId);
    assertMeetingNotInFuture(input.heldOn, today);
    const classHours = requireClassHours(input.kind, input.classHours);
    await checkRoll(tx, organizationId, input.attendance);
    const countyId = await countyOfOrganization(tx, organizationId);
    const id = await insertMeeting(tx, {
      countyId,
      organizationId,
      kind: input.kind,
      heldOn: input.heldOn,
      topic: input.topic,
      minutes: input.minutes,
      classHours,
    });
    const entries = attendanceEntries(input.attendance);
    await replaceAttendance(tx, countyId, id, entries, []);
    await refreshLastOrganizationalLife(
      tx,
      countyId,
      entries.filter((entry) => entry.status === "present").map((entry) => entry.memberId),
    );
    const row = requireFound(await findMeeting(tx, countyId, id), "meeting");
    located = { id, countyId };
    await recordAudit(tx, actor, {
      action: "meeting.create",
      entityType: "meeting",
      entityId: id,
      organizationId,
      after: { ...input, classHours },
    });
    return detail(tx, row, now);
  });
  await locateInCounty(db, "meeting", [located]);
  return created;
}

/** One meeting with attendance and photos (GET /meetings/{id}). Errors: 404 outside the scope; 403 without member:read. */
export async function getMeeting(db: Database, actor: Actor, id: number, now: Date = new Date()) {
  await requireAccess(db, actor, { permission: "member:read", kind: "meeting", ids: [id] });
  const county = await countyOfMeeting(db, id);
  return detail(db, requireFound(await findMeeting(db, county, id), "meeting"), now);
}

/**
 * Changes a meeting's kind, date, topic, minutes or class hours (PATCH /meetings/{id}); the rules of
 * {@link createMeeting} hold for the result; a changed date moves the attendees' last organizational
 * life with it. Audit "meeting.update" (before/after). Errors: 404, 403 without member:write, 400.
 */
export async function updateMeeting(
  db: Database,
  actor: Actor,
  id: number,
  patch: z.infer<typeof meetingPatchSchema>,
  today: string,
  now: Date = new Date(),
): Promise<MeetingDetail> {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, { permission: "member:write", kind: "meeting", ids: [id] });
    const county = await countyOfMeeting(tx, id);
    const before = requireFound(await findMeeting(tx, county, id, true), "meeting");
    const kind = patch.kind ?? (before.kind as MeetingKind);
    const heldOn = patch.heldOn ?? before.heldOn;
    assertMeetingNotInFuture(heldOn, today);
    const classHours = requireClassHours(
      kind,
      patch.classHours !== undefined ? patch.classHours : kind === "league_class" ? before.classHours : null,
    );
    const values = {
      kind,
      heldOn,
      topic: patch.topic ?? before.topic,
      minutes: patch.minutes ?? before.minutes,
      classHours,
    };
    await updateMeetingFields(tx, county, id, values);
    if (heldOn !== before.heldOn) {
      const attendance = await findAttendance(tx, county, id);
      await refreshLastOrganizationalLife(
        tx,
        county,
        attendance.filter((row) => row.status === "present").map((row) => row.memberId),
      );
    }
    await recordAudit(tx, actor, {
      action: "meeting.update",
      entityType: "meeting",
      entityId: id,
      organizationId: before.organizationId,
      before: {
        kind: before.kind,
        heldOn: before.heldOn,
        topic: before.topic,
        minutes: before.minutes,
        classHours: before.classHours,
      },
      after: values,
    });
    return detail(tx, requireFound(await findMeeting(tx, county, id), "meeting"), now);
  });
}

/**
 * Replaces a meeting's attendance (PUT /meetings/{id}/attendance): every attendee on the branch roll,
 * an absence with a reason; a member who signed in by QR and stays present keeps the sign-in time;
 * last_organizational_life_on is recomputed for everyone added or removed. Audit "meeting.attendance".
 * Errors: 404, 403 without member:write, 400 attendee_not_on_roll naming them — nothing written.
 */
export async function putAttendance(
  db: Database,
  actor: Actor,
  id: number,
  attendance: readonly AttendanceEntry[],
  now: Date = new Date(),
): Promise<MeetingDetail> {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, { permission: "member:write", kind: "meeting", ids: [id] });
    const county = await countyOfMeeting(tx, id);
    const meeting = requireFound(await findMeeting(tx, county, id, true), "meeting");
    await checkRoll(tx, meeting.organizationId, attendance);
    const previous: AttendanceRow[] = await findAttendance(tx, county, id);
    const entries = attendanceEntries(attendance);
    await replaceAttendance(tx, county, id, entries, previous);
    const touched = new Set([
      ...previous.map((row) => row.memberId),
      ...entries.map((entry) => entry.memberId),
    ]);
    await refreshLastOrganizationalLife(tx, county, [...touched]);
    await recordAudit(tx, actor, {
      action: "meeting.attendance",
      entityType: "meeting",
      entityId: id,
      organizationId: meeting.organizationId,
      before: previous.map(({ memberId, status, absenceReason }) => ({ memberId, status, absenceReason })),
      after: entries,
    });
    return detail(tx, requireFound(await findMeeting(tx, county, id), "meeting"), now);
  });
}

/**
 * Opens QR sign-in for a meeting (POST /meetings/{id}/signin-token {minutes}): a new token (24 random
 * bytes in base64url followed by the meeting's id: meeting.repository newSigninToken) valid until now +
 * minutes; an earlier token stops working. Audit
 * "meeting.signin_open". Errors: 404, 403 without member:write.
 */
export async function openSignin(
  db: Database,
  actor: Actor,
  id: number,
  minutes: number,
  now: Date = new Date(),
) {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, { permission: "member:write", kind: "meeting", ids: [id] });
    const county = await countyOfMeeting(tx, id);
    const meeting = requireFound(await findMeeting(tx, county, id, true), "meeting");
    const token = newSigninToken(id, randomBytes(24));
    const closesAt = new Date(now.getTime() + minutes * 60_000);
    await setSigninToken(tx, county, id, token, closesAt);
    await recordAudit(tx, actor, {
      action: "meeting.signin_open",
      entityType: "meeting",
      entityId: id,
      organizationId: meeting.organizationId,
      detail: { closesAt: closesAt.toISOString(), minutes },
    });
    return {
      token,
      closesAt: closesAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
      signinPath: `/api/v1/meetings/signin/${token}`,
    };
  });
}

/**
 * A signed-in member signs in to a meeting from their phone (POST /meetings/signin/{token}): the
 * token must be the meeting's and still open, the member a current member of the meeting's branch;
 * they are recorded present with the time and their last organizational life follows. Audit
 * "meeting.signin". Errors: 404 unknown token or no member record; 403 not on the branch roll;
 * 422 signin_closed after signin_closes_at; 409 already signed in.
 */
export async function signInWithToken(db: Database, actor: Actor, token: string, now: Date = new Date()) {
  return db.transaction(async (tx) => {
    const self = actor.userId === null ? null : await findMemberOfUser(tx, actor.userId);
    if (!self) throw notFound("团员档案");
    const meeting = await findMeetingByToken(tx, token);
    if (!meeting) throw notFound("签到码");
    if (
      self.organizationId !== meeting.organizationId ||
      !isCurrentMemberStatus(self.status as MemberStatus)
    ) {
      throw new HttpError(403, "not_on_roll", "签到：您不在本次会议所在支部的团员名册中", "token");
    }
    await requireAccess(tx, actor, { permission: "organization:read", kind: "meeting", ids: [meeting.id] });
    if (!meeting.signinClosesAt || Date.parse(meeting.signinClosesAt) <= now.getTime()) {
      throw new DomainError("signin_closed", "签到：签到已结束", { status: 422, field: "token" });
    }
    if (!(await signIn(tx, meeting.countyId, meeting.id, self.id, now))) {
      throw new DomainError("already_signed_in", "签到：您已签到，无需重复签到", {
        status: 409,
        field: "token",
      });
    }
    await refreshLastOrganizationalLife(tx, meeting.countyId, [self.id]);
    await recordAudit(tx, actor, {
      action: "meeting.signin",
      entityType: "meeting",
      entityId: meeting.id,
      organizationId: meeting.organizationId,
      detail: { memberId: self.id },
    });
    const row = (await findAttendance(tx, meeting.countyId, meeting.id)).find(
      (entry) => entry.memberId === self.id,
    );
    return {
      meetingId: meeting.id,
      topic: meeting.topic,
      heldOn: meeting.heldOn,
      memberName: self.name,
      signedInAt: row?.signedInAt ?? now.toISOString(),
    };
  });
}

/**
 * Adds a photo to a meeting (POST /meetings/{id}/photos, multipart, one file ≤ 10 MB): its type read
 * from the bytes (PNG or JPEG; the declared type is ignored). Audit "meeting.photo". In the meeting's
 * county; the photo's county_locator row is written after the commit (as a meeting's).
 * Errors: 404, 403 without member:write, 413 over 10 MB, 415 neither PNG nor JPEG.
 */
export async function addPhoto(
  db: Database,
  actor: Actor,
  id: number,
  upload: { fileName: string | undefined; bytes: Buffer },
) {
  const added = await db.transaction(async (tx) => {
    await requireAccess(tx, actor, { permission: "member:write", kind: "meeting", ids: [id] });
    const county = await countyOfMeeting(tx, id);
    const meeting = requireFound(await findMeeting(tx, county, id), "meeting");
    if (upload.bytes.length > MAX_MEETING_PHOTO_BYTES) {
      throw new HttpError(413, "file_too_large", "照片：不能超过 10 MB", "file");
    }
    const contentType = detectMeetingPhotoType(upload.bytes);
    if (!contentType)
      throw new HttpError(415, "unsupported_media_type", "照片：只接受 PNG 或 JPEG 图片", "file");
    const fileName =
      (upload.fileName ?? "photo").replace(UNSAFE_FILE_NAME_CHARACTERS, "_").slice(0, 200) || "photo";
    const photo = await insertPhoto(tx, {
      countyId: county,
      meetingId: id,
      fileName,
      contentType,
      bytes: upload.bytes,
    });
    await recordAudit(tx, actor, {
      action: "meeting.photo",
      entityType: "meeting",
      entityId: id,
      organizationId: meeting.organizationId,
      detail: { photoId: photo.id, fileName, contentType, byteSize: photo.byteSize },
    });
    return { photo, county };
  });
  await locateInCounty(db, "meeting_photo", [{ id: added.photo.id, countyId: added.county }]);
  return added.photo;
}

/**
 * The meeting calendar of an organization's subtree for a month "YYYY-MM" (GET
 * /organizations/{id}/meeting-calendar?month=): the days with meetings, in order.
 * Errors: 404, 403 without member:read.
 */
export async function getCalendar(db: Database, actor: Actor, organizationId: number, month: string) {
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  const rows = await findMeetingsInSubtree(
    db,
    target?.path ?? "",
    { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` },
    MEETING_LIST_LIMIT,
  );
  const days = new Map<string, MeetingSummary[]>();
  for (const row of [...rows].reverse()) {
    const list = days.get(row.heldOn) ?? [];
    list.push(summary(row));
    days.set(row.heldOn, list);
  }
  return { month, days: [...days].map(([date, meetings]) => ({ date, meetings })) };
}

/**
 * Silent branches (reminders, issue 12 part 1): the branches of a committee's subtree with no meeting
 * in the last `weeks` weeks (default 8) or none ever, never-met first (GET
 * /organizations/{id}/silent-branches?weeks=). Errors: 404, 403 without member:read; 400 weeks.
 */
export async function listSilentBranches(
  db: Database,
  actor: Actor,
  organizationId: number,
  weeks: number,
  today: string,
) {
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  const cutoff = silentCutoff(today, weeks);
  const rows = await findSilentBranches(db, target?.path ?? "", cutoff, SILENT_BRANCH_LIMIT + 1);
  return {
    weeks,
    cutoff,
    items: rows
      .slice(0, SILENT_BRANCH_LIMIT)
      .map((row) => ({ ...row, weeksSince: weeksSince(row.lastHeldOn, today) })),
    truncated: rows.length > SILENT_BRANCH_LIMIT,
  };
}

/**
 * The signed-in member's own meetings (GET /me/meetings): newest first (at most 200), with their
 * attendance and the 团课 hours they earned. Errors: 404 when the account has no member record.
 */
export async function listOwnMeetings(db: Database, actor: Actor) {
  const self = actor.userId === null ? null : await findMemberOfUser(db, actor.userId);
  if (!self) throw notFound("团员档案");
  const rows = await findMeetingsOfMember(db, self.id, 200);
  const classHours = rows.reduce(
    (sum, row) =>
      row.kind === "league_class" && row.status === "present" ? sum + (row.classHours ?? 0) : sum,
    0,
  );
  return {
    items: rows.map((row) => ({
      ...summary(row),
      status: row.status as "present" | "absent",
      absenceReason: row.absenceReason,
      signedInAt: row.signedInAt,
    })),
    classHours: Math.round(classHours * 10) / 10,
  };
}

/**
 * A meeting photo's bytes with its type and name (GET /meeting-photos/{id}/content). Errors: 404 for a
 * missing photo or one whose meeting is outside the scope; 403 without member:read.
 */
export async function getPhotoContent(db: Database, actor: Actor, photoId: number) {
  const photo = await findPhotoContent(db, photoId);
  if (!photo) throw notFound("照片");
  await requireAccess(db, actor, { permission: "member:read", kind: "meeting", ids: [photo.meetingId] });
  return photo;
}
