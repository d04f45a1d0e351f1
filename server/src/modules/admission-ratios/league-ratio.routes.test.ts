import { gradeBirthMonths, schoolYearOf } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInChina } from "../../lib/clock";
import {
  createOrganizationRow,
  createTestApp,
  logInEach,
  type TestSession,
  testMember,
} from "../../test/factories";
import { citizenIdFor, sendAs } from "../../test/member-factories";
import { insertMembersWithHistory } from "../members/member-bulk.repository";

/** GET /organizations/{id}/league-ratios (团学比 / 团青比, issue 10 part 5). */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let member: TestSession;
let juniorSchoolId: number;
let emptySchoolId: number;
/** This school year: the figures are entered for it and the members born in its cohorts. */
const SCHOOL_YEAR = schoolYearOf(todayInChina());

beforeAll(async () => {
  context = await createTestApp();
  [county, east, member] = await logInEach(context.app, ["county", "east", "member"]);
  const parent = context.tree.county;
  const education = await createOrganizationRow(context.db, {
    parent,
    kind: "working_committee",
    sector: "secondary_school",
    name: "测试县教育团工委",
  });
  const junior = await createOrganizationRow(context.db, {
    parent: education,
    sector: "secondary_school",
    name: "测试中学团委",
  });
  const classBranch = await createOrganizationRow(context.db, {
    parent: junior,
    kind: "branch",
    sector: "secondary_school",
    name: "初三（1）班团支部",
  });
  const empty = await createOrganizationRow(context.db, {
    parent: education,
    sector: "secondary_school",
    name: "未填报中学团委",
  });
  juniorSchoolId = junior.id;
  emptySchoolId = empty.id;
  // 35 members born in the 初三 cohort of this school year, 5 in the 初二 cohort.
  const third = `${gradeBirthMonths("junior_secondary", 3, SCHOOL_YEAR, 3).from}-01`;
  const second = `${gradeBirthMonths("junior_secondary", 2, SCHOOL_YEAR, 3).from}-01`;
  const members = Array.from({ length: 40 }, (_, index) =>
    testMember(
      classBranch.id,
      `学生${index}`,
      "xs",
      citizenIdFor(index < 35 ? third : second, String(101 + index)),
      index % 2 ? "male" : "female",
      { joinedOn: todayInChina(), statusSince: todayInChina() },
    ),
  );
  await insertMembersWithHistory(context.db, members);
  for (const grade of [1, 2, 3]) {
    await context.db.execute(
      sql`insert into school_enrollment (organization_id, county_id, school_year, level, grade, students, source)
          select id, county_id, ${SCHOOL_YEAR}, 'junior_secondary', ${grade}, 100, '测试' from organization where id = ${junior.id}`,
    );
  }
});
afterAll(async () => context.close());

const get = (session: TestSession | undefined, id: number, query = `?year=${SCHOOL_YEAR}`) =>
  sendAs(context.app, session, "GET", `/organizations/${id}/league-ratios${query}`);

describe("GET /organizations/{id}/league-ratios", () => {
  it("answers 401, 404 outside the scope, 403 to a member, 400 naming the year", async () => {
    expect((await get(undefined, context.tree.county.id)).statusCode).toBe(401);
    expect((await get(east, juniorSchoolId)).statusCode).toBe(404);
    expect((await get(member, context.tree.eastVillage1.id)).statusCode).toBe(403);
    const bad = await get(county, context.tree.county.id, "?year=20x6");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("year");
  });

  it("gives each school's 团学比 per level, grade and graduating class against the cap", async () => {
    const response = await get(county, context.tree.county.id);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      schoolYear: SCHOOL_YEAR,
      graduatingAboveCap: 1,
      schoolsWithoutEnrollment: 1,
    });
    const school = body.schools.find(
      (row: { organizationId: number }) => row.organizationId === juniorSchoolId,
    );
    expect(school).toMatchObject({ members: 40, students: 300, ratio: 13.3, reason: null });
    expect(school.levels).toEqual([
      expect.objectContaining({
        level: "junior_secondary",
        members: 40,
        ratio: 13.3,
        membersBasis: "organization",
      }),
    ]);
    expect(
      school.grades.map((grade: { grade: number; members: number }) => [grade.grade, grade.members]),
    ).toEqual([
      [1, 0],
      [2, 5],
      [3, 35],
    ]);
    expect(school.graduating).toEqual([
      expect.objectContaining({
        grade: 3,
        ratio: 35,
        cap: 30,
        exceedsCap: true,
        membersBasis: "birth_cohort",
        label: "初中3年级",
      }),
    ]);
  });

  it("says a figure is missing (null and a reason), never 0%", async () => {
    const body = (await get(county, context.tree.county.id)).json();
    const empty = body.schools.find(
      (row: { organizationId: number }) => row.organizationId === emptySchoolId,
    );
    expect(empty).toMatchObject({ members: 0, students: null, ratio: null, reason: "no_enrollment_entered" });
    expect(empty.notes[0]).toContain(`未填报${SCHOOL_YEAR}学年在校学生数`);
    expect(body.youthRatio).toMatchObject({
      ratio: null,
      youthPopulation: null,
      reason: "no_youth_population_entered",
    });
  });

  it("gives 团青比 against 30% once the youth population is entered", async () => {
    await context.db.execute(
      sql`insert into youth_population (organization_id, county_id, year, population, source)
          values (${context.tree.county.id}, ${context.tree.county.id}, ${SCHOOL_YEAR}, 100, '测试')`,
    );
    const body = (await get(county, context.tree.county.id)).json();
    expect(body.youthRatio).toMatchObject({
      members: 44,
      youthPopulation: 100,
      ratio: 44,
      cap: 30,
      exceedsCap: true,
      reason: null,
    });
  });

  it("feeds the catalog's 毕业年级团学比 (indicator family) with the same figures", async () => {
    const response = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${juniorSchoolId}/indicators?ids=league_student_ratio_graduating_junior_secondary,league_student_ratio_graduating_senior_secondary`,
    );
    expect(response.statusCode).toBe(200);
    const items = new Map(
      (response.json().items as { indicatorId: string }[]).map((item) => [item.indicatorId, item]),
    );
    expect(items.get("league_student_ratio_graduating_junior_secondary")).toMatchObject({
      value: 35,
      numerator: 35,
      denominator: 100,
    });
    expect(items.get("league_student_ratio_graduating_senior_secondary")).toMatchObject({ value: null });
  });
});
