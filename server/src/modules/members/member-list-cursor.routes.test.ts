import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, logInEach, type TestSession, testMember } from "../../test/factories";
import { findOrganizationById } from "../organizations/organization.repository";
import {
  countMembersUpTo,
  findMemberPage,
  findMemberPageCountedUpTo,
  type MemberListCursor,
  type MemberPagePlan,
} from "./member.repository";
import { MEMBER_EXACT_TOTAL_LIMIT } from "./member.service";
import { insertMembersWithHistory } from "./member-bulk.repository";

/**
 * GET /organizations/{id}/members at scale (issue 18 part 3): the keyset cursor (stable order, no
 * duplicate or skipped member across pages while members are added, both reading plans), the total
 * from the counters or flagged as an estimate, the scope. PGlite by default, PostgreSQL with DATABASE_URL.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let serial = 0;

interface Page {
  items: { id: number; name: string; organizationId: number }[];
  total: number;
  totalExact: boolean;
  nextCursor: string | null;
}

/** `count` members of `organizationId` with initials `prefix` + a suffix, unique ID and number. */
function members(organizationId: number, prefix: string, count: number) {
  return Array.from({ length: count }, () => {
    serial += 1;
    const month = String(1 + (serial % 12)).padStart(2, "0");
    const day = String(1 + (Math.floor(serial / 12) % 28)).padStart(2, "0");
    const sequence = String(Math.floor(serial / 336)).padStart(3, "0");
    const suffix = String.fromCharCode(97 + (serial % 26)) + String.fromCharCode(97 + ((serial * 7) % 26));
    return testMember(
      organizationId,
      `成员${serial}`,
      `${prefix}${suffix}`,
      `110105${2004}${month}${day}${sequence}X`,
      "male",
      {
        memberNumber: `T${String(serial).padStart(8, "0")}`,
      },
    );
  });
}

beforeAll(async () => {
  context = await createTestApp();
  const { eastVillage1, eastVillage2, westVillage } = context.tree;
  await insertMembersWithHistory(context.db, [
    ...members(eastVillage1.id, "c", 25),
    ...members(eastVillage2.id, "c", 20),
    ...members(westVillage.id, "c", 15),
  ]);
  [county, east] = await logInEach(context.app, ["county", "east"]);
});
afterAll(async () => context.close());

async function get(organizationId: number, query: string, session: TestSession) {
  return context.app.inject({
    method: "GET",
    url: `/api/v1/organizations/${organizationId}/members?${query}`,
    headers: session.headers,
  });
}

async function page(organizationId: number, query: string, session = county): Promise<Page> {
  const response = await get(organizationId, query, session);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Page;
}

describe("GET /organizations/{id}/members — keyset cursor", () => {
  it("pages by cursor in a stable order without duplicates or skips while members are added", async () => {
    const root = context.tree.county.id;
    const before = await page(root, "pageSize=100");
    expect(before.totalExact).toBe(true);
    const expected = before.items.map((item) => item.id);
    const seen: number[] = [];
    let cursor: string | null = null;
    let round = 0;
    do {
      const current: Page = await page(root, `pageSize=7${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...current.items.map((item) => item.id));
      cursor = current.nextCursor;
      // Members added meanwhile: before the cursor ("a…"), after it ("z…") and between ("c…").
      round += 1;
      if (round <= 3) {
        await insertMembersWithHistory(context.db, [
          ...members(context.tree.eastVillage1.id, "a", 1),
          ...members(context.tree.eastVillage2.id, "z", 1),
          ...members(context.tree.westVillage.id, "c", 1),
        ]);
      }
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of expected) expect(seen).toContain(id);
    // The order is the list's: every page continues where the previous one stopped.
    const after = await page(root, "pageSize=100");
    const order = after.items.map((item) => item.id);
    const positions = seen.map((id) => order.indexOf(id));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(after.total).toBe(before.total + 9);
    expect(after.totalExact).toBe(true);
  });

  it("reads the same pages by both plans (walking the initials index, merging the branches)", async () => {
    const path = (await findOrganizationById(context.db, context.tree.county.id))?.path as string;
    const pagesBy = async (plan: MemberPagePlan, q?: string) => {
      const ids: number[] = [];
      let cursor: MemberListCursor | undefined;
      for (;;) {
        const rows = await findMemberPage(context.db, path, { q }, { cursor, offset: 0, limit: 6, plan });
        ids.push(...rows.map((row) => row.id));
        const last = rows[rows.length - 1];
        if (rows.length < 6 || !last) return ids;
        cursor = { initials: last.nameInitials, id: last.id };
      }
    };
    const walked = await pagesBy("walk");
    expect(walked.length).toBeGreaterThan(60);
    expect(await pagesBy("branches")).toEqual(walked);
    expect(await pagesBy("branches", "c")).toEqual(await pagesBy("walk", "c"));
    // The offset of older clients gives the same rows.
    const third = await findMemberPage(context.db, path, {}, { offset: 12, limit: 6, plan: "branches" });
    expect(third.map((row) => row.id)).toEqual(walked.slice(12, 18));
  });

  it("reads the same page and capped count in one statement as in two, below and above the cap", async () => {
    const path = (await findOrganizationById(context.db, context.tree.county.id))?.path as string;
    for (const cap of [3, 1000]) {
      for (const q of [undefined, "c"]) {
        let cursor: MemberListCursor | undefined;
        for (let step = 0; step < 6; step++) {
          for (const offset of cursor ? [0] : [0, 2]) {
            const input = { cursor, offset, limit: 4 };
            const combined = await findMemberPageCountedUpTo(context.db, path, { q }, input, cap);
            expect(combined.total).toBe(await countMembersUpTo(context.db, path, { q }, "branches", cap));
            const alone = await findMemberPage(context.db, path, { q }, { ...input, plan: "branches" });
            // Null only where it could differ: past the rows read of a branch cut at the cap.
            if (combined.rows) expect(combined.rows).toEqual(alone);
            else expect(combined.total > cap && (cursor !== undefined || offset + 4 > cap + 1)).toBe(true);
          }
          const rows = await findMemberPage(
            context.db,
            path,
            { q },
            { cursor, offset: 0, limit: 4, plan: "branches" },
          );
          const last = rows[rows.length - 1];
          if (!last) break;
          cursor = { initials: last.nameInitials, id: last.id };
        }
      }
    }
  });

  it("answers 400 for a cursor it did not hand out and 404 outside the scope, cursor or not", async () => {
    const response = await get(context.tree.county.id, "cursor=not-a-cursor", county);
    expect(response.statusCode).toBe(400);
    const first = await page(context.tree.east.id, "pageSize=5", east);
    expect(first.items.every((item) => item.organizationId !== context.tree.westVillage.id)).toBe(true);
    const outside = await get(context.tree.west.id, `pageSize=5&cursor=${first.nextCursor}`, east);
    expect(outside.statusCode).toBe(404);
    // A cursor never reaches outside the subtree it pages.
    const rest = await page(context.tree.east.id, `pageSize=100&cursor=${first.nextCursor}`, east);
    expect(rest.items.every((item) => item.organizationId !== context.tree.westVillage.id)).toBe(true);
  });
});

describe("GET /organizations/{id}/members — total", () => {
  it("is exact from the counters without a filter, and for the status", async () => {
    const all = await page(context.tree.east.id, "pageSize=1", east);
    const walked = await page(context.tree.east.id, "pageSize=100", east);
    expect(all.totalExact).toBe(true);
    expect(all.total).toBe(walked.items.length);
    const active = await page(context.tree.east.id, "pageSize=1&status=active", east);
    expect(active.total).toBe(walked.items.length);
    expect(active.totalExact).toBe(true);
  });

  it(`is exact up to ${MEMBER_EXACT_TOTAL_LIMIT} matches of a filter and flagged as an estimate beyond`, async () => {
    const small = await page(context.tree.county.id, "q=c&pageSize=5");
    expect(small.totalExact).toBe(true);
    expect(small.total).toBeLessThan(MEMBER_EXACT_TOTAL_LIMIT);
    await insertMembersWithHistory(
      context.db,
      members(context.tree.westVillage.id, "q", MEMBER_EXACT_TOTAL_LIMIT + 10),
    );
    const large = await page(context.tree.county.id, "q=q&pageSize=5");
    expect(large.totalExact).toBe(false);
    expect(large.total).toBeGreaterThan(MEMBER_EXACT_TOTAL_LIMIT);
    expect(large.items).toHaveLength(5);
    // Outside the west township none of them match: exact again.
    const eastOnly = await page(context.tree.east.id, "q=q&pageSize=5", east);
    expect(eastOnly).toMatchObject({ total: 0, totalExact: true, nextCursor: null });
  });
});
