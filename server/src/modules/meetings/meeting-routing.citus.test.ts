import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { todayInChina } from "../../lib/clock";
import {
  citusRoutingSkipReason,
  LOCK_OR_WRITE,
  planScans,
  poolOf,
  remoteCommandsOf,
  statementLoggingDatabase,
  workerOfCounty,
} from "../../test/citus-routing";
import { createTestCounty, createTestUser } from "../../test/factories";
import { foldOnCitus } from "../../test/org-life-count-proof";
import { createTestDatabase } from "../../test/test-database";
import { systemActor } from "../auth/system-actor";
import { addPhoto, createMeeting, openSignin, putAttendance, signInWithToken } from "./meeting.service";

/**
 * Issue 19 parts 1 and 3: meeting, meeting_attendance and meeting_photo distributed by the county of the
 * meeting's organization, co-located with member (migration 0053_meeting_county). A meeting's life through
 * the services — recorded with its attendance, sign-in opened, a member signing in by the token on the
 * phone page, the attendance replaced, a photo added — on a logging connection: every statement that reads,
 * locks or writes the meeting tables, and every lock and write (member, audit_log), is ONE task on the
 * worker holding the county's shard group; the county_locator rows (written after each commit, distributed
 * by id) and their reads are one task each on the shard of the id. The tallies (org_life_count) follow at
 * the fold, from the marks the statements left on that shard. Runs only on a Citus coordinator.
 */
const skipReason = await citusRoutingSkipReason("meeting-routing.citus.test.ts");

const MEETING_TABLES = /\bmeeting(_attendance|_photo)?\b/;

describe.skipIf(skipReason !== null)("a county's meeting is recorded on one worker on Citus", () => {
  let handle: DatabaseHandle;
  let tree: Awaited<ReturnType<typeof createTestCounty>>;

  beforeAll(async () => {
    handle = await createTestDatabase();
    tree = await createTestCounty(handle.db);
  }, 400_000);
  afterAll(async () => handle?.close(), 600_000);

  it("create, sign-in by token, attendance and a photo: each statement one task on the county's worker", async () => {
    const branch = tree.eastVillage1.id;
    const roll = await queryRows<{ id: number }>(
      handle.db,
      sql`select id::int as id from member where county_id = ${tree.county.id} and organization_id = ${branch}
          and status in ('active', 'transferring', 'flowing') order by id`,
    );
    expect(roll.length).toBeGreaterThan(1);
    const [first, second] = roll as [{ id: number }, { id: number }];
    const userId = await createTestUser(handle.db, "routing-member", "member", branch);
    await handle.db.execute(sql`update app_user set member_id = ${first.id} where id = ${userId}`);
    const actor = systemActor("routing-test");
    const { logged, statements } = statementLoggingDatabase(handle.db);

    const meeting = await createMeeting(
      logged,
      actor,
      branch,
      {
        kind: "league_class",
        heldOn: todayInChina(),
        topic: "团课",
        minutes: "",
        classHours: 2,
        attendance: [{ memberId: second.id, status: "present" }],
      },
      todayInChina(),
    );
    const signin = await openSignin(logged, actor, meeting.id, 60);
    expect(signin.token.endsWith(String(meeting.id))).toBe(true);
    const signed = await signInWithToken(logged, { ...actor, userId }, signin.token);
    expect(signed.meetingId).toBe(meeting.id);
    const replaced = await putAttendance(logged, actor, meeting.id, [
      { memberId: first.id, status: "present" },
      { memberId: second.id, status: "absent", absenceReason: "外出务工" },
    ]);
    expect(replaced.attendance.map((row) => [row.memberId, row.status])).toEqual([
      [first.id, "present"],
      [second.id, "absent"],
    ]);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    await addPhoto(logged, actor, meeting.id, { fileName: "a.png", bytes: png });

    const pool = poolOf(handle.db);
    const worker = await workerOfCounty(handle.db, tree.county.id);
    // The meetings' and photos' locations (the members' are read by several ids: the shards holding them).
    const located = statements.filter(
      (statement) =>
        /\bcounty_locator\b/.test(statement.query) &&
        statement.params.some((value) => value === "meeting" || value === "meeting_photo"),
    );
    // The audit entries' INSERT … SELECT (the county read from the reference tree in a subquery) shows no
    // worker in its plan: Citus routes it at execution. Its commands are checked below instead.
    const routed = statements.filter(
      (statement) =>
        !/\bcounty_locator\b/.test(statement.query) &&
        !/insert into audit_log/.test(statement.query) &&
        (MEETING_TABLES.test(statement.query) ||
          (LOCK_OR_WRITE.test(statement.query) &&
            !/\borganization\b.*\bfor (share|key share)\b/i.test(statement.query))),
    );
    // Locks of the reference table organization (FOR SHARE / KEY SHARE) are not county-routed by design.
    // Each statement: every scan that runs on a worker is one task on the county's; a scan without a worker
    // is the coordinator's own replica of the reference table `organization` (the audit entry's county
    // read in a subquery), allowed only in a statement that reads it.
    let local = 0;
    for (const statement of routed) {
      const scans = await planScans(pool, statement);
      expect(scans.length, `a Citus scan in ${statement.query}`).toBeGreaterThan(0);
      const onWorkers = scans.filter((scan) => scan.nodes.some((node) => /:\d+$/.test(node)));
      expect(onWorkers.length, `a scan on a worker in ${statement.query}`).toBeGreaterThan(0);
      for (const scan of onWorkers) {
        expect(scan.count, statement.query).toBe(1);
        expect(scan.nodes, statement.query).toEqual([worker]);
      }
      if (onWorkers.length < scans.length) {
        expect(statement.query, "a coordinator-only scan reads the reference tree").toMatch(
          /\borganization\b/,
        );
        local += 1;
      }
    }
    const checked = routed.length;
    expect(checked).toBeGreaterThan(15);
    expect(
      routed.filter((statement) => /insert into meeting_photo/.test(statement.query)),
      "the photo's insert",
    ).toHaveLength(1);
    for (const statement of located) {
      for (const scan of await planScans(pool, statement)) expect(scan.count, statement.query).toBe(1);
    }
    expect(located.filter((statement) => /^\s*insert/i.test(statement.query))).toHaveLength(2);
    console.log(
      `meeting life: ${checked} statements on the meeting tables and locks/writes, each one task on ${worker} (${local} with a read of the coordinator's replica of organization); ${located.length} county_locator statements, one task each`,
    );

    // A second photo on a connection whose commands Citus logs: every write it sends (an INSERT … SELECT
    // through the coordinator arrives as COPY) — the photo and the
    // audit entry — goes to the county's worker; only the photo's location (after the commit) may go to
    // the worker holding its id's shard of county_locator.
    const commands = await remoteCommandsOf(pool, (db) =>
      addPhoto(db, actor, meeting.id, { fileName: "b.png", bytes: png }),
    );
    const writes = commands.filter((entry) => /^\s*(insert|update|delete|copy)\b/i.test(entry.command));
    const outsideLocator = writes.filter((entry) => !/county_locator/.test(entry.command));
    expect(
      outsideLocator.some((entry) => /audit_log/.test(entry.command)),
      "the audit entry's insert",
    ).toBe(true);
    expect(
      outsideLocator.some((entry) => /meeting_photo/.test(entry.command)),
      "the photo's insert",
    ).toBe(true);
    expect(
      outsideLocator.filter((entry) => entry.node !== worker),
      JSON.stringify(commands, null, 1),
    ).toEqual([]);
    expect(writes.filter((entry) => /county_locator/.test(entry.command))).toHaveLength(1);

    // Everything in the county; the tallies after the fold (class hours × the one present attendee).
    const placed = await queryRows<{ t: string; county_id: number }>(
      handle.db,
      sql`select 'meeting' as t, county_id from meeting where id = ${meeting.id}
          union all select 'attendance', county_id from meeting_attendance where meeting_id = ${meeting.id}
          union all select 'photo', county_id from meeting_photo where meeting_id = ${meeting.id}`,
    );
    expect(new Set(placed.map((row) => row.county_id))).toEqual(new Set([tree.county.id]));
    await foldOnCitus(handle.db);
    const [hours] = await queryRows<{ amount: number }>(
      handle.db,
      sql`select amount::float8 as amount from org_life_count where organization_id = ${tree.county.id}
          and dimension = 'class_person_hours' and value = ${todayInChina().slice(0, 7)}`,
    );
    expect(Number(hours?.amount)).toBe(2);
  });
});
