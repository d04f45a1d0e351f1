import { CURRENT_MEMBER_STATUSES } from "@tuanwu/domain";
import type { SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { citusRoutingSkipReason } from "../../test/citus-routing";
import { explainCitusTasks } from "../../test/citus-test-cluster";
import { createTestCounty } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import { currentSubtreeMembersStatement, findOrganizationById } from "./organization.repository";

/**
 * Issue 19 part 2: the subtree member counts of an organization's detail, children list and search
 * (countCurrentSubtreeMembers) inside a county read ONE shard of the member family on a Citus
 * coordinator — every distributed step of the statement (the pending deltas, the branches' members) is
 * one task, because the statement names the county bucket; the same read with no enclosing
 * organization (a system administrator's search) asks every shard. Runs only on a Citus coordinator;
 * skipped otherwise, with the reason printed.
 */
const skipReason = await citusRoutingSkipReason("organization-routing.citus.test.ts");

describe.skipIf(skipReason !== null)(
  "organization member counts inside a county are single-shard on Citus",
  () => {
    let handle: DatabaseHandle;
    let tree: Awaited<ReturnType<typeof createTestCounty>>;

    beforeAll(async () => {
      handle = await createTestDatabase();
      tree = await createTestCounty(handle.db);
    }, 120_000);
    afterAll(async () => handle?.close());

    const tasks = (statement: SQL) => explainCitusTasks(handle.db, statement);

    it("the county's children, a township's branches and an organization's own detail: one task each step", async () => {
      const county = await findOrganizationById(handle.db, tree.county.id);
      const east = await findOrganizationById(handle.db, tree.east.id);
      if (!county || !east) throw new Error("no test county");
      const cases = [
        { enclosing: county, organizations: [tree.east, tree.west] },
        { enclosing: east, organizations: [tree.eastVillage1, tree.eastVillage2] },
        { enclosing: east, organizations: [east] },
      ];
      for (const { enclosing, organizations } of cases) {
        const counts = await tasks(
          currentSubtreeMembersStatement(organizations, enclosing, CURRENT_MEMBER_STATUSES),
        );
        expect(counts.length).toBeGreaterThan(0);
        expect(counts, `inside ${enclosing.name}`).toEqual(counts.map(() => 1));
      }
    });

    it("without an enclosing organization (a search anywhere) the same read asks every shard", async () => {
      const counts = await tasks(
        currentSubtreeMembersStatement([tree.county, tree.eastVillage1], null, CURRENT_MEMBER_STATUSES),
      );
      expect(Math.max(...counts)).toBeGreaterThan(1);
    });
  },
);
