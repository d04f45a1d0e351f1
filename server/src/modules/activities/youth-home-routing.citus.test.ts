import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import {
  citusRoutingSkipReason,
  LOCK_OR_WRITE,
  planScans,
  useRoutingProofDatabase,
  withLiteralParameters,
  workerOfCounty,
} from "../../test/citus-routing";
import { systemActor } from "../auth/system-actor";
import { recordCreateSchema, shiftCreateSchema } from "../volunteer-hours/volunteer-hours.schemas";
import { createShift, recordVolunteer } from "../volunteer-hours/volunteer-hours.service";
import { activityCreateSchema } from "./activity.schemas";
import { createActivity } from "./activity.service";
import { checkInPublicly, signUpPublicly } from "./activity-public.service";

/**
 * Issue 19: the Youth Home family distributed by the county of its organization, co-located with member
 * (migration 0054_youth_home_distribution). An activity published, a phone sign-up by its public token, a
 * check-in by its QR token, a volunteer shift and a volunteer record — through the services on a logging
 * connection: every statement that reads, locks or writes the family's tables, and every other lock and
 * write (the audit entries), is ONE task on the worker holding the county's shard group; the county_locator
 * statements (the rows' locations, written after each commit, and the tokens' activity by id) one task each
 * on the shard of the id. Runs only on a Citus coordinator.
 */
const skipReason = await citusRoutingSkipReason("youth-home-routing.citus.test.ts");

const FAMILY_TABLES =
  /\b(youth_home|youth_home_service|activity|activity_signup|activity_photo|volunteer_shift|volunteer_record)\b/;

describe.skipIf(skipReason !== null)(
  "a county's activity and volunteer hours are recorded on one worker on Citus",
  () => {
    const proof = useRoutingProofDatabase();

    it("activity, sign-up by token, check-in, a volunteer record: each statement one task on the county's worker", async () => {
      const { handle, tree, logged, statements, pool } = proof;
      const organizationId = tree.eastVillage1.id;
      const actor = systemActor("routing-test");
      const startsAt = new Date(Date.now() + 10 * 60_000);
      const endsAt = new Date(startsAt.getTime() + 2 * 3_600_000);

      const activity = await createActivity(
        logged,
        actor,
        organizationId,
        activityCreateSchema.parse({
          title: "青年读书会",
          place: "村文化室",
          startsAt: startsAt.toISOString(),
          endsAt: endsAt.toISOString(),
          capacity: 5,
        }),
      );
      expect(activity.publicToken.endsWith(String(activity.id))).toBe(true);
      const placed = await signUpPublicly(
        logged,
        activity.publicToken,
        { name: "李四", phone: "13900001234" },
        null,
      );
      expect(placed.status).toBe("confirmed");
      const checked = await checkInPublicly(logged, activity.checkinToken, {
        phone: "13900001234",
        action: "check_in",
      });
      expect(checked.action).toBe("check_in");
      const shift = await createShift(
        logged,
        actor,
        organizationId,
        shiftCreateSchema.parse({
          title: "读书会志愿服务",
          startsAt: startsAt.toISOString(),
          endsAt: endsAt.toISOString(),
          capacity: 3,
          activityId: activity.id,
        }),
      );
      const record = await recordVolunteer(
        logged,
        actor,
        shift.id,
        recordCreateSchema.parse({
          name: "李四",
          phone: "13900001234",
          checkedInAt: startsAt.toISOString(),
          checkedOutAt: endsAt.toISOString(),
        }),
      );
      expect(record.hours).toBe(2);

      const worker = await workerOfCounty(handle.db, tree.county.id);
      const located = statements.filter((statement) => /\bcounty_locator\b/.test(statement.query));
      const routed = statements.filter(
        (statement) =>
          !/\bcounty_locator\b/.test(statement.query) &&
          !/insert into audit_log/.test(statement.query) &&
          (FAMILY_TABLES.test(statement.query) ||
            (LOCK_OR_WRITE.test(statement.query) &&
              !/\borganization\b.*\bfor (share|key share)\b/i.test(statement.query))),
      );
      // Each statement: every scan that runs on a worker is one task on the county's; a scan without a worker
      // is the coordinator's replica of the reference tree (organization), allowed in a statement reading it.
      let local = 0;
      for (const statement of routed) {
        const scans = await planScans(pool, withLiteralParameters(statement));
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
      for (const kind of [
        'insert into "activity"',
        'insert into "activity_signup"',
        'insert into "volunteer_shift"',
        'insert into "volunteer_record"',
      ])
        expect(
          routed.filter((statement) => statement.query.includes(kind)),
          kind,
        ).toHaveLength(1);
      expect(routed.length).toBeGreaterThan(15);
      for (const statement of located) {
        for (const scan of await planScans(pool, statement)) expect(scan.count, statement.query).toBe(1);
      }
      // The activity's, the shift's and the record's locations.
      expect(located.filter((statement) => /^\s*insert/i.test(statement.query))).toHaveLength(3);
      console.log(
        `youth home family: ${routed.length} statements on the family's tables and locks/writes, each one task on ${worker} (${local} with a read of the coordinator's replica of organization); ${located.length} county_locator statements, one task each`,
      );

      const counties = await queryRows<{ county_id: number }>(
        handle.db,
        sql`select county_id from activity where id = ${activity.id}
          union all select county_id from activity_signup where activity_id = ${activity.id}
          union all select county_id from volunteer_shift where id = ${shift.id}
          union all select county_id from volunteer_record where id = ${record.id}`,
      );
      expect(counties.map((row) => Number(row.county_id))).toEqual(Array(4).fill(tree.county.id));
    });
  },
);
