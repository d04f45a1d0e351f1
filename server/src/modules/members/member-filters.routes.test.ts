import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appointCadre } from "../../test/cadre-factories";
import {
  createOrganizationRow,
  createTestApp,
  logInEach,
  type TestSession,
  testMember,
} from "../../test/factories";
import { sendAs } from "../../test/member-factories";
import { insertMembersWithHistory } from "./member-bulk.repository";

/** GET /organizations/{id}/members — the filters sector, ageBand, isCadre and politicalStatus. */

let context: Awaited<ReturnType<typeof createTestApp>>;
let east: TestSession;

beforeAll(async () => {
  context = await createTestApp();
  const school = await createOrganizationRow(context.db, {
    parent: context.tree.east,
    kind: "branch",
    sector: "secondary_school",
    name: "东河中学团支部",
  });
  // The county's four members were born 2005–2008: 18–22 in 2026 (this test computes ages from the clock).
  const [, , cadreMemberId] = await insertMembersWithHistory(context.db, [
    testMember(school.id, "学生甲", "xsj", "110105201201010011", "male", {
      joinedOn: "2026-05-04",
      statusSince: "2026-05-04",
      memberNumber: "9900012026000011",
    }),
    testMember(context.tree.eastVillage1.id, "老党员", "ldy", "110105199001010021", "male", {
      politicalStatus: "party_member",
      memberNumber: "9900012005000021",
    }),
    testMember(context.tree.eastVillage2.id, "团干部", "tgb", "110105199803030032", "female", {
      memberNumber: "9900012013000032",
    }),
  ]);
  // 是否团干部 is a view of the cadre records (issue 13 part 1): appointed there.
  await appointCadre(context.db, cadreMemberId as number);
  [east] = await logInEach(context.app, ["east"]);
});
afterAll(async () => context.close());

async function names(query: string): Promise<string[]> {
  const response = await sendAs(
    context.app,
    east,
    "GET",
    `/organizations/${context.tree.east.id}/members?${query}`,
  );
  expect(response.statusCode).toBe(200);
  return (response.json().items as { name: string }[]).map((item) => item.name).sort();
}

describe("GET /organizations/{id}/members — filters", () => {
  it("filters by the sector of the member's branch", async () => {
    expect(await names("sector=secondary_school")).toEqual(["学生甲"]);
    expect((await names("sector=rural")).length).toBe(5);
    expect(await names("sector=university")).toEqual([]);
  });

  it("filters by age band today, with the statistics' bands", async () => {
    const ageOf = (birthDate: string) => {
      const today = new Date();
      const [year, month, day] = birthDate.split("-").map(Number) as [number, number, number];
      const passed =
        today.getMonth() + 1 > month || (today.getMonth() + 1 === month && today.getDate() >= day);
      return today.getFullYear() - year - (passed ? 0 : 1);
    };
    expect(ageOf("1990-01-01")).toBeGreaterThanOrEqual(29);
    expect(await names("ageBand=over_28")).toEqual(["老党员"]);
    expect(await names("ageBand=14-17")).toEqual(ageOf("2012-01-01") <= 17 ? ["学生甲"] : []);
    const band26 = ageOf("1998-03-03") <= 28 ? ["团干部"] : [];
    expect(await names("ageBand=26-28")).toEqual(band26);
    const all = await Promise.all(
      ["14-17", "18-22", "23-25", "26-28", "over_28"].map((band) => names(`ageBand=${band}`)),
    );
    expect(all.flat().sort()).toEqual(await names("pageSize=100"));
  });

  it("filters by cadre flag and political status, combined with other filters", async () => {
    expect(await names("isCadre=true")).toEqual(["团干部"]);
    expect((await names("isCadre=false")).length).toBe(5);
    expect(await names("politicalStatus=party_member")).toEqual(["老党员"]);
    expect(await names("politicalStatus=party_member&isCadre=true")).toEqual([]);
    expect(await names("politicalStatus=league_member&sector=secondary_school")).toEqual(["学生甲"]);
  });

  it.each([
    ["sector=farm", "sector"],
    ["ageBand=30-40", "ageBand"],
    ["isCadre=yes", "isCadre"],
    ["politicalStatus=democrat", "politicalStatus"],
  ])("answers 400 naming the field for %s", async (query, field) => {
    const response = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${context.tree.east.id}/members?${query}`,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "invalid_input", field });
  });
});
