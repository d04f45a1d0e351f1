import { MEMBER_STATUSES, ORGANIZATION_KINDS, SECTORS } from "@tuanwu/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, logInAs } from "../../test/factories";

let context: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  context = await createTestApp();
});
afterAll(async () => context.close());

describe("GET /dictionaries", () => {
  it("is public: answers without a session", async () => {
    const response = await context.app.inject({ method: "GET", url: "/api/v1/dictionaries" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
  });

  it("gives every dictionary as code, Chinese and English label", async () => {
    const body = (await context.app.inject({ method: "GET", url: "/api/v1/dictionaries" })).json();
    expect(Object.keys(body).sort()).toEqual(
      [
        "kinds",
        "levels",
        "sectors",
        "statuses",
        "sexes",
        "ageBands",
        "ethnicities",
        "educationLevels",
        "occupations",
        "politicalStatuses",
        "leaguePositions",
        "cadreKinds",
      ].sort(),
    );
    expect(body.kinds).toEqual([
      { code: "committee", zh: "团委", en: "Committee" },
      { code: "working_committee", zh: "团工委", en: "Working committee" },
      { code: "general_branch", zh: "团总支", en: "General branch" },
      { code: "branch", zh: "团支部", en: "Branch" },
    ]);
    expect(body.kinds.map((entry: { code: string }) => entry.code)).toEqual([...ORGANIZATION_KINDS]);
    expect(body.sectors.map((entry: { code: string }) => entry.code)).toEqual([...SECTORS]);
    expect(body.statuses.map((entry: { code: string }) => entry.code)).toEqual([...MEMBER_STATUSES]);
    expect(body.ethnicities).toHaveLength(56);
    expect(body.ethnicities[0]).toEqual({ code: "han", zh: "汉族", en: "Han" });
    for (const entries of Object.values(body) as { code: string; zh: string; en: string }[][]) {
      for (const entry of entries) {
        expect(entry).toEqual({ code: expect.any(String), zh: expect.any(String), en: expect.any(String) });
      }
    }
  });

  it("answers the same to a logged-in user", async () => {
    const session = await logInAs(context.app, "member");
    const anonymous = await context.app.inject({ method: "GET", url: "/api/v1/dictionaries" });
    const loggedIn = await context.app.inject({
      method: "GET",
      url: "/api/v1/dictionaries",
      headers: session.headers,
    });
    expect(loggedIn.json()).toEqual(anonymous.json());
  });
});
