import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import { sendAs } from "../../test/member-factories";

/**
 * Concurrent cadre writes (团干部 and 轮训). Every write to a cadre row runs the cadre_count trigger of
 * migration 0019, which locks the cadre's organization FOR NO KEY UPDATE; a transaction that took a
 * weaker lock first, or took organization locks in a different order than another, deadlocked and
 * answered 500. Racing appointments in one organization must answer 200, or 400 post_full / 409
 * already_cadre; racing attendance lists and ends of the same cadres must answer 200 or 422
 * (already ended) — never 500 — and the tallies must still equal a recount. On PGlite the requests do
 * not overlap, and the outcomes are checked all the same.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;

const person = (index: number, post: string) => ({
  name: `干部${index}`,
  gender: index % 2 === 0 ? "female" : "male",
  birthDate: "1996-03-01",
  post,
  kind: "part_time",
  startedOn: "2024-01-01",
});

function unexpectedOf(responses: { statusCode: number; body: string }[], allowed: number[]) {
  return responses
    .filter((response) => !allowed.includes(response.statusCode))
    .map((response) => `${response.statusCode} ${response.body}`);
}

async function expectTalliesExact() {
  const mismatches = await queryRows<{ organizationId: number }>(
    context.db,
    sql`select organization_id as "organizationId" from (
          (select organization_id, dimension, value, count from cadre_count where count <> 0
           except select * from cadre_count_recount())
          union all
          (select * from cadre_count_recount()
           except select organization_id, dimension, value, count from cadre_count where count <> 0)
        ) as difference`,
  );
  expect(mismatches).toEqual([]);
}

describe("cadres appointed, trained and ended at the same time", () => {
  beforeAll(async () => {
    context = await createTestApp();
    [county] = await logInEach(context.app, ["county"]);
  });
  afterAll(async () => context?.close());

  it("answers 200, 400 post_full or 409 to racing appointments in one organization, never 500", async () => {
    const { tree } = context;
    const organizations = [tree.county.id, tree.east.id, tree.eastVillage1.id];
    const posts = ["secretary", "deputy_secretary", "committee_member"];
    const requests = [];
    for (let index = 0; index < 36; index += 1) {
      const organizationId = organizations[index % organizations.length];
      const post = posts[Math.floor(index / 3) % posts.length] ?? "committee_member";
      requests.push(
        sendAs(context.app, county, "POST", `/organizations/${organizationId}/cadres`, person(index, post)),
      );
    }
    const responses = await Promise.all(requests);
    expect(unexpectedOf(responses, [200, 400, 409])).toEqual([]);
    for (const response of responses.filter((one) => one.statusCode === 400)) {
      expect(response.json().error.code).toBe("post_full");
    }
    expect(responses.filter((response) => response.statusCode === 200).length).toBeGreaterThan(3);
    await expectTalliesExact();
  });

  it("answers 200 or 422 to racing attendance lists and ends of the same cadres, never 500", async () => {
    const { tree } = context;
    const cadres = await queryRows<{ id: number }>(
      context.db,
      sql`select id from cadre where ended_on is null order by id`,
    );
    const cadreIds = cadres.map((row) => Number(row.id));
    expect(cadreIds.length).toBeGreaterThan(4);
    const rounds: number[] = [];
    for (const [index, organizationId] of [tree.county.id, tree.county.id, tree.east.id].entries()) {
      const response = await sendAs(
        context.app,
        county,
        "POST",
        `/organizations/${organizationId}/training-rounds`,
        {
          title: `轮训${index}`,
          startsOn: "2024-03-01",
          endsOn: "2024-03-03",
        },
      );
      expect(response.statusCode).toBe(200);
      rounds.push(response.json().id);
    }
    const eastCadres = await queryRows<{ id: number }>(
      context.db,
      sql`select c.id from cadre c join organization o on o.id = c.organization_id
           where c.ended_on is null and o.path like (select path from organization where id = ${tree.east.id}) || '%'
           order by c.id`,
    );
    const eastIds = eastCadres.map((row) => Number(row.id));
    const requests = [];
    for (let step = 0; step < 8; step += 1) {
      for (const [index, roundId] of rounds.entries()) {
        const pool = index === 2 ? eastIds : cadreIds;
        // Each list overlaps the others', in a different order each step; lists shrink and grow so
        // that both the delete and the insert of the replacement move training_rounds.
        const chosen = pool.filter((_, position) => (position + step + index) % 3 !== 0);
        requests.push(
          sendAs(context.app, county, "PUT", `/training-rounds/${roundId}/attendance`, {
            cadreIds: step % 2 === 0 ? chosen : [...chosen].reverse(),
          }),
        );
      }
      const ended = cadreIds[step % cadreIds.length];
      requests.push(sendAs(context.app, county, "PATCH", `/cadres/${ended}`, { kind: "full_time" }));
    }
    for (const id of cadreIds.slice(-2)) {
      requests.push(sendAs(context.app, county, "POST", `/cadres/${id}/end`, { endedOn: "2024-06-30" }));
    }
    const responses = await Promise.all(requests);
    expect(unexpectedOf(responses, [200, 422])).toEqual([]);
    expect(responses.filter((response) => response.statusCode === 200).length).toBeGreaterThan(10);
    await expectTalliesExact();
  });
});
