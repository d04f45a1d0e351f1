import { type SQL, sql } from "drizzle-orm";
import {
  countiesOfMembers,
  countyOfLocatedRow,
  countyOfOrganization,
  countyScopeOfPath,
} from "../../db/county";
import type { Executor } from "../../db/database";
import { executeWrite, queryRows } from "../../db/sql-result";
import { bigintArray, intArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";

/** A meeting row as read (class hours as a number, timestamps as ISO text). */
export interface MeetingRow {
  id: number;
  /** The county bucket of its organization (the distribution column on Citus, migration 0053_meeting_county). */
  countyId: number;
  organizationId: number;
  organizationName: string;
  organizationPath: string;
  kind: string;
  heldOn: string;
  topic: string;
  minutes: string;
  classHours: number | null;
  signinToken: string | null;
  signinClosesAt: string | null;
  createdAt: string;
  presentCount: number;
  absentCount: number;
}

const MEETING_COLUMNS = sql`m.id::int as "id", m.county_id as "countyId", m.organization_id as "organizationId",
  coalesce(o.short_name, o.name) as "organizationName", o.path as "organizationPath", m.kind,
  m.held_on::text as "heldOn", m.topic, m.minutes, m.class_hours::float8 as "classHours",
  m.signin_token as "signinToken", to_char(m.signin_closes_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "signinClosesAt",
  to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt"`;

/**
 * `rows` with their present and absent counts: one grouped read of meeting_attendance naming the
 * meetings' counties and ids (on Citus the shards of those counties; one for one county). A statement of
 * its own: a count correlated with each meeting in the meetings' read made Citus plan that read over
 * every shard (docs/SCALING.md "Meetings by county").
 */
async function withAttendanceCounts(
  db: Executor,
  rows: Omit<MeetingRow, "presentCount" | "absentCount">[],
): Promise<MeetingRow[]> {
  if (rows.length === 0) return [];
  const counties = [...new Set(rows.map((row) => Number(row.countyId)))];
  const counts = await queryRows<{ meeting_id: number; present: number; absent: number }>(
    db,
    sql`select meeting_id::int as meeting_id, count(*) filter (where status = 'present')::int as present,
        count(*) filter (where status = 'absent')::int as absent
      from meeting_attendance
      where ${counties.length === 1 ? sql`county_id = ${counties[0]}` : sql`county_id = any(${intArray(counties)})`}
        and meeting_id = any(${bigintArray(rows.map((row) => row.id))})
      group by meeting_id`,
  );
  const byMeeting = new Map(counts.map((row) => [Number(row.meeting_id), row]));
  return rows.map((row) => ({
    ...row,
    countyId: Number(row.countyId),
    presentCount: byMeeting.get(row.id)?.present ?? 0,
    absentCount: byMeeting.get(row.id)?.absent ?? 0,
  }));
}

/**
 * The county of a meeting by its id (0 when there is none): county_locator, one shard on Citus
 * (db/county.ts countyOfLocatedRow). Every read, lock and write of the meeting then names it.
 */
export function countyOfMeeting(db: Executor, id: number): Promise<number> {
  return countyOfLocatedRow(db, "meeting", id);
}

/** One meeting of county `countyId` by id (`lock`: for update), or undefined. */
export async function findMeeting(
  db: Executor,
  countyId: number,
  id: number,
  lock = false,
): Promise<MeetingRow | undefined> {
  const rows = await queryRows<Omit<MeetingRow, "presentCount" | "absentCount">>(
    db,
    sql`select ${MEETING_COLUMNS} from meeting m join organization o on o.id = m.organization_id
      where m.county_id = ${countyId} and m.id = ${id} ${lock ? sql`for update of m` : sql``}`,
  );
  return (await withAttendanceCounts(db, rows))[0];
}

/** Length of a sign-in token's random part: 24 bytes in base64url (no padding). */
const SIGNIN_RANDOM_LENGTH = 32;

/**
 * A new sign-in token for meeting `meetingId`: 24 random bytes in base64url (32 characters) followed by
 * the meeting's id in decimal, so that the phone page's sign-in finds the meeting's county by its id
 * (county_locator) and reads one shard on Citus. The random part is the secret; the id is not.
 */
export function newSigninToken(meetingId: number, random: Buffer): string {
  return `${random.toString("base64url")}${meetingId}`;
}

/**
 * The meeting whose sign-in token is `token`, or undefined. A token of {@link newSigninToken} names its
 * meeting: its county from county_locator, then the meeting by county, id and token (one shard each on
 * Citus). A token issued before migration 0053_meeting_county (the random part alone) is looked up by
 * the token on every shard, as is one whose id is unknown.
 */
export async function findMeetingByToken(db: Executor, token: string): Promise<MeetingRow | undefined> {
  const suffix = token.slice(SIGNIN_RANDOM_LENGTH);
  const meetingId = /^[1-9][0-9]{0,15}$/.test(suffix) ? Number(suffix) : null;
  const county = meetingId === null ? 0 : await countyOfMeeting(db, meetingId);
  const rows = await queryRows<Omit<MeetingRow, "presentCount" | "absentCount">>(
    db,
    sql`select ${MEETING_COLUMNS} from meeting m join organization o on o.id = m.organization_id
      where ${county !== 0 && meetingId !== null ? sql`m.county_id = ${county} and m.id = ${meetingId} and ` : sql``}m.signin_token = ${token}`,
  );
  return (await withAttendanceCounts(db, rows))[0];
}

/** Meetings of the subtree at `rootPath` held in [from, to] (either open), of `kind` when given; newest first, at most `limit`. */
export async function findMeetingsInSubtree(
  db: Executor,
  rootPath: string,
  filter: { from?: string | undefined; to?: string | undefined; kind?: string | undefined },
  limit: number,
): Promise<MeetingRow[]> {
  // The subtree's county when it lies in one (one shard on Citus), else every shard.
  const county = await countyScopeOfPath(db, rootPath);
  const conditions: SQL[] = [inSubtree(sql`o.path`, rootPath)];
  if (county !== null) conditions.push(sql`m.county_id = ${county}`);
  if (filter.from) conditions.push(sql`m.held_on >= ${filter.from}`);
  if (filter.to) conditions.push(sql`m.held_on <= ${filter.to}`);
  if (filter.kind) conditions.push(sql`m.kind = ${filter.kind}`);
  const rows = await queryRows<Omit<MeetingRow, "presentCount" | "absentCount">>(
    db,
    sql`select ${MEETING_COLUMNS} from meeting m join organization o on o.id = m.organization_id
      where ${sql.join(conditions, sql` and `)} order by m.held_on desc, m.id desc limit ${limit}`,
  );
  return withAttendanceCounts(db, rows);
}

/** A member of a branch roll. */
export interface RollRow {
  id: number;
  name: string;
}

/**
 * The branch roll: the current members (active, transferring, flowing) of branch `organizationId`.
 * Names the branch's county (on Citus one shard).
 */
export async function findBranchRoll(db: Executor, organizationId: number): Promise<RollRow[]> {
  const county = await countyOfOrganization(db, organizationId);
  return queryRows<RollRow>(
    db,
    sql`select id::int as id, name from member where county_id = ${county} and organization_id = ${organizationId}
      and status in ('active', 'transferring', 'flowing') order by id`,
  );
}

/**
 * Names of members by id (for naming an attendee not on the roll, an attendance list); ids not found
 * are absent. The counties first (county_locator), then the members naming them: on Citus the shards of
 * those counties only, and never a join of `member` with the coordinator's meeting tables.
 */
export async function findMemberNames(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const counties = [...new Set((await countiesOfMembers(db, ids)).values())];
  if (counties.length === 0) return new Map();
  const rows = await queryRows<RollRow>(
    db,
    sql`select id::int as id, name from member
      where county_id = any(${intArray(counties)}) and id = any(${bigintArray(ids)})`,
  );
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** A new meeting's row in its organization's county (`countyId`); returns its id. */
export async function insertMeeting(
  db: Executor,
  values: {
    countyId: number;
    organizationId: number;
    kind: string;
    heldOn: string;
    topic: string;
    minutes: string;
    classHours: number | null;
  },
): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`insert into meeting (county_id, organization_id, kind, held_on, topic, minutes, class_hours)
      values (${values.countyId}, ${values.organizationId}, ${values.kind}, ${values.heldOn}, ${values.topic}, ${values.minutes},
        ${values.classHours})
      returning id::int as id`,
  );
  return rows[0]?.id ?? 0;
}

/** Changes a meeting's fields (the meeting of county `countyId`). */
export async function updateMeetingFields(
  db: Executor,
  countyId: number,
  id: number,
  values: { kind: string; heldOn: string; topic: string; minutes: string; classHours: number | null },
): Promise<void> {
  await db.execute(sql`update meeting set kind = ${values.kind}, held_on = ${values.heldOn},
    topic = ${values.topic}, minutes = ${values.minutes}, class_hours = ${values.classHours}
    where county_id = ${countyId} and id = ${id}`);
}

/** One attendee row. */
export interface AttendanceRow {
  memberId: number;
  memberName: string;
  status: "present" | "absent";
  absenceReason: string | null;
  signedInAt: string | null;
}

/**
 * The attendance of a meeting, by member id. Two reads: the attendance rows, then the members' names
 * ({@link findMemberNames}: by county) — on Citus the meeting tables and `member` are not joined in one
 * statement (recursive planning of a local and a distributed table). A row whose member is gone keeps
 * an empty name.
 */
export async function findAttendance(
  db: Executor,
  countyId: number,
  meetingId: number,
): Promise<AttendanceRow[]> {
  const rows = await queryRows<Omit<AttendanceRow, "memberName">>(
    db,
    sql`select a.member_id::int as "memberId", a.status, a.absence_reason as "absenceReason",
      to_char(a.signed_in_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "signedInAt"
      from meeting_attendance a where a.county_id = ${countyId} and a.meeting_id = ${meetingId}
      order by a.member_id`,
  );
  const names = await findMemberNames(
    db,
    rows.map((row) => row.memberId),
  );
  return rows.map((row) => ({
    memberId: row.memberId,
    memberName: names.get(row.memberId) ?? "",
    status: row.status,
    absenceReason: row.absenceReason,
    signedInAt: row.signedInAt,
  }));
}

/**
 * Replaces a meeting's attendance with `entries` (one statement to delete, one to insert), keeping
 * the sign-in time of a member who signed in and stays present. In the meeting's county (`countyId`).
 */
export async function replaceAttendance(
  db: Executor,
  countyId: number,
  meetingId: number,
  entries: readonly { memberId: number; status: string; absenceReason: string | null }[],
  previous: readonly AttendanceRow[],
): Promise<void> {
  const signedIn = new Map(previous.map((row) => [row.memberId, row.signedInAt]));
  await db.execute(
    sql`delete from meeting_attendance where county_id = ${countyId} and meeting_id = ${meetingId}`,
  );
  if (entries.length === 0) return;
  const values = entries.map((entry) => {
    const at = entry.status === "present" ? (signedIn.get(entry.memberId) ?? null) : null;
    return sql`(${countyId}, ${meetingId}, ${entry.memberId}, ${entry.status}, ${entry.absenceReason}, ${at}::timestamptz)`;
  });
  await db.execute(sql`insert into meeting_attendance (county_id, meeting_id, member_id, status, absence_reason, signed_in_at)
    values ${sql.join(values, sql`, `)}`);
}

/**
 * Keeps member.last_organizational_life_on true for `memberIds`, attendees of a meeting of county
 * `countyId` (on its branch roll, so members of that county): the latest meeting of the county each was
 * present at, or — for a member present at none — the value already recorded (imported from before tuanwu
 * kept meetings, or a meeting in a county the member left; such a member is not written). The latest dates
 * are read from the county's meeting tables first (joined on (county_id, meeting_id): one shard on Citus),
 * then one UPDATE per county of the members (county_locator) and date sets the date as a constant — on
 * Citus a single-shard statement each (an UPDATE of `member` correlated with the meeting tables, and a
 * non-immutable cast inside its COALESCE, are refused there).
 */
export async function refreshLastOrganizationalLife(
  db: Executor,
  countyId: number,
  memberIds: readonly number[],
): Promise<void> {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return;
  const latest = await queryRows<{ member_id: number | string; held_on: string }>(
    db,
    sql`select a.member_id, max(m.held_on)::text as held_on
      from meeting_attendance a join meeting m on m.county_id = a.county_id and m.id = a.meeting_id
      where a.county_id = ${countyId} and a.member_id = any(${bigintArray(ids)}) and a.status = 'present'
      group by a.member_id`,
  );
  if (latest.length === 0) return;
  const counties = await countiesOfMembers(
    db,
    latest.map((row) => Number(row.member_id)),
  );
  const groups = new Map<string, { county: number; heldOn: string; ids: number[] }>();
  for (const row of latest) {
    const county = counties.get(Number(row.member_id));
    if (county === undefined) continue;
    const key = `${county}|${row.held_on}`;
    const group = groups.get(key) ?? { county, heldOn: row.held_on, ids: [] };
    group.ids.push(Number(row.member_id));
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    await executeWrite(
      db,
      sql`update member set last_organizational_life_on = ${group.heldOn}::date
        where county_id = ${group.county} and id = any(${bigintArray(group.ids)})`,
    );
  }
}

/** Sets a meeting's sign-in token and its closing time (the meeting of county `countyId`). */
export async function setSigninToken(
  db: Executor,
  countyId: number,
  meetingId: number,
  token: string,
  closesAt: Date,
): Promise<void> {
  await db.execute(
    sql`update meeting set signin_token = ${token}, signin_closes_at = ${closesAt.toISOString()}::timestamptz
      where county_id = ${countyId} and id = ${meetingId}`,
  );
}

/**
 * Records a member's QR sign-in at `at`: present with the time, unless they already signed in. Returns
 * false when they had (the row exists with a sign-in time). One statement (the primary key decides
 * races). The time is a value, not `now()`: Citus refuses `now()` in ON CONFLICT DO UPDATE SET. The
 * conflict is named by the primary key's name: (meeting_id, member_id) on PostgreSQL and PGlite,
 * (county_id, meeting_id, member_id) on Citus (migration 0053_meeting_county).
 */
export async function signIn(
  db: Executor,
  countyId: number,
  meetingId: number,
  memberId: number,
  at: Date,
): Promise<boolean> {
  const time = sql`${at.toISOString()}::timestamptz`;
  const count = await executeWrite(
    db,
    sql`insert into meeting_attendance (county_id, meeting_id, member_id, status, signed_in_at)
      values (${countyId}, ${meetingId}, ${memberId}, 'present', ${time})
      on conflict on constraint meeting_attendance_pkey do update
        set status = 'present', absence_reason = null, signed_in_at = ${time}
        where meeting_attendance.signed_in_at is null`,
  );
  return count > 0;
}

/** A photo's metadata. */
export interface PhotoRow {
  id: number;
  fileName: string;
  contentType: string;
  byteSize: number;
  createdAt: string;
}

/** The photos of a meeting of county `countyId` (metadata only), oldest first. */
export async function findPhotos(db: Executor, countyId: number, meetingId: number): Promise<PhotoRow[]> {
  return queryRows<PhotoRow>(
    db,
    sql`select id::int as id, file_name as "fileName", content_type as "contentType",
      octet_length(bytes)::int as "byteSize",
      to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt"
      from meeting_photo where county_id = ${countyId} and meeting_id = ${meetingId} order by id`,
  );
}

/**
 * Stores a photo; returns its metadata. The insert returns only the id and the metadata is read after
 * it: Citus refuses a non-immutable function (`to_char` of the time) in a RETURNING clause.
 */
export async function insertPhoto(
  db: Executor,
  values: { countyId: number; meetingId: number; fileName: string; contentType: string; bytes: Buffer },
): Promise<PhotoRow> {
  const [inserted] = await queryRows<{ id: number }>(
    db,
    sql`insert into meeting_photo (county_id, meeting_id, file_name, content_type, bytes)
      values (${values.countyId}, ${values.meetingId}, ${values.fileName}, ${values.contentType}, ${values.bytes})
      returning id::int as id`,
  );
  if (!inserted) throw new Error("meeting photo not inserted");
  const rows = await queryRows<PhotoRow>(
    db,
    sql`select id::int as id, file_name as "fileName", content_type as "contentType",
        octet_length(bytes)::int as "byteSize",
        to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt"
      from meeting_photo where county_id = ${values.countyId} and id = ${inserted.id}`,
  );
  const row = rows[0];
  if (!row) throw new Error("meeting photo not inserted");
  return row;
}

/** A branch of a subtree with its last meeting. */
export interface BranchLastMeetingRow {
  organizationId: number;
  organizationName: string;
  parentName: string | null;
  lastHeldOn: string | null;
  memberCount: number;
}

/**
 * Branches (团支部, 团总支) of the subtree at `rootPath` whose last meeting is before `cutoff` or who
 * never met, never-met first then oldest; at most `limit`, each with its current members. Three
 * statements, none joining the tree with the distributed rows per organization (on Citus a lateral read
 * of `meeting` per organization row can answer no rows at all): the last meeting of each organization of
 * the subtree that met (grouped, naming the subtree's county when it lies in one), then the branches from
 * the tree with those dates given as a value, then their members counted by branch naming their counties.
 */
export async function findSilentBranches(
  db: Executor,
  rootPath: string,
  cutoff: string,
  limit: number,
): Promise<BranchLastMeetingRow[]> {
  const county = await countyScopeOfPath(db, rootPath);
  const last = await queryRows<{ organization_id: number; held_on: string }>(
    db,
    sql`select m.organization_id, max(m.held_on)::text as held_on
      from meeting m join organization o on o.id = m.organization_id
      where ${inSubtree(sql`o.path`, rootPath)} ${county === null ? sql`` : sql`and m.county_id = ${county}`}
      group by m.organization_id`,
  );
  const branches = await queryRows<Omit<BranchLastMeetingRow, "memberCount"> & { countyId: number }>(
    db,
    sql`select o.id as "organizationId", o.county_id as "countyId",
        coalesce(o.short_name, o.name) as "organizationName",
        coalesce(p.short_name, p.name) as "parentName", last.held_on::text as "lastHeldOn"
      from organization o
      left join organization p on p.id = o.parent_id
      left join (select x.organization_id, x.held_on
                   from jsonb_to_recordset(${JSON.stringify(last)}::jsonb) as x (organization_id int, held_on date)) last
        on last.organization_id = o.id
      where ${inSubtree(sql`o.path`, rootPath)} and o.kind in ('branch', 'general_branch')
        and (last.held_on is null or last.held_on < ${cutoff})
      order by last.held_on nulls first, o.path limit ${limit}`,
  );
  if (branches.length === 0) return [];
  const counties = [...new Set(branches.map((row) => Number(row.countyId)))];
  const counts = await queryRows<{ organization_id: number; members: number }>(
    db,
    sql`select organization_id, count(*)::int as members from member
      where county_id = any(${intArray(counties)})
        and organization_id = any(${intArray(branches.map((row) => row.organizationId))})
        and status in ('active', 'transferring', 'flowing')
      group by organization_id`,
  );
  const members = new Map(counts.map((row) => [Number(row.organization_id), Number(row.members)]));
  return branches.map(({ countyId: _county, ...row }) => ({
    ...row,
    memberCount: members.get(row.organizationId) ?? 0,
  }));
}

/**
 * The meetings a member attended or was listed absent at, newest first, at most `limit`: the attendance
 * joined to its meeting on (county_id, meeting_id) (co-located on Citus; by member id, every shard: a
 * member who moved county keeps the meetings of the county they left).
 */
export async function findMeetingsOfMember(
  db: Executor,
  memberId: number,
  limit: number,
): Promise<(MeetingRow & { status: string; absenceReason: string | null; signedInAt: string | null })[]> {
  type Attended = Omit<MeetingRow, "presentCount" | "absentCount"> & {
    status: string;
    absenceReason: string | null;
    signedInAt: string | null;
  };
  const rows = await queryRows<Attended>(
    db,
    sql`select ${MEETING_COLUMNS}, a.status, a.absence_reason as "absenceReason",
        to_char(a.signed_in_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "signedInAt"
      from meeting_attendance a join meeting m on m.county_id = a.county_id and m.id = a.meeting_id
      join organization o on o.id = m.organization_id
      where a.member_id = ${memberId} order by m.held_on desc, m.id desc limit ${limit}`,
  );
  const counted = await withAttendanceCounts(db, rows);
  return rows.map((row, index) => ({
    ...(counted[index] as MeetingRow),
    status: row.status,
    absenceReason: row.absenceReason,
    signedInAt: row.signedInAt,
  }));
}

/** The member and branch of a user's account (null when the account has no member record). */
export async function findMemberOfUser(
  db: Executor,
  userId: number,
): Promise<{ id: number; name: string; organizationId: number; status: string } | null> {
  const [account] = await queryRows<{ member_id: number | string | null }>(
    db,
    sql`select member_id from app_user where id = ${userId}`,
  );
  if (account?.member_id === null || account?.member_id === undefined) return null;
  const memberId = Number(account.member_id);
  const county = (await countiesOfMembers(db, [memberId])).get(memberId);
  if (county === undefined) return null;
  // Two reads (the account, then the member by county and id): one shard on Citus, no join of the
  // coordinator's app_user with the distributed member.
  const rows = await queryRows<{ id: number; name: string; organizationId: number; status: string }>(
    db,
    sql`select id::int as id, name, organization_id as "organizationId", status
      from member where county_id = ${county} and id = ${memberId}`,
  );
  return rows[0] ?? null;
}

/**
 * A photo's meeting id and county, name, type and bytes, or undefined: its county from county_locator
 * (kind meeting_photo: one shard on Citus), then the photo by county and id.
 */
export async function findPhotoContent(
  db: Executor,
  photoId: number,
): Promise<
  { meetingId: number; countyId: number; fileName: string; contentType: string; bytes: Buffer } | undefined
> {
  const county = await countyOfLocatedRow(db, "meeting_photo", photoId);
  if (county === 0) return undefined;
  const rows = await queryRows<{
    meetingId: number;
    fileName: string;
    contentType: string;
    bytes: Uint8Array;
  }>(
    db,
    sql`select meeting_id::int as "meetingId", file_name as "fileName", content_type as "contentType", bytes
      from meeting_photo where county_id = ${county} and id = ${photoId}`,
  );
  const row = rows[0];
  return row ? { ...row, countyId: county, bytes: Buffer.from(row.bytes) } : undefined;
}
