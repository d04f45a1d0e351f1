import {
  ageOn,
  canHoldChild,
  EDUCATION_LEVELS,
  ETHNICITIES,
  fourteenthBirthday,
  MEMBER_STATUSES,
  OCCUPATIONS,
  POLITICAL_STATUSES,
  SECTORS,
  validateCitizenId,
  validateJoinDate,
} from "@tuanwu/domain";
import { describe, expect, it } from "vitest";
import { personNameInitials } from "../../lib/pinyin";
import {
  type DemoBranchInput,
  type DemoMember,
  type DemoOrganizationSpec,
  demoOrganizationSpecs,
  generateDemoMembers,
} from "./demo-generator";

const TODAY = "2025-11-15";
const COUNTY = { name: "旺苍县", divisionCode: "510821", today: TODAY };

/** Branch inputs built from the demo specs plus village and community branches, as the seed would. */
function demoBranches(): DemoBranchInput[] {
  const branches: DemoBranchInput[] = demoOrganizationSpecs(COUNTY)
    .filter((spec) => spec.kind === "branch")
    .map((spec, index) => ({
      id: index + 1,
      sector: spec.sector,
      divisionCode: null,
      ...(spec.grade === undefined ? {} : { grade: spec.grade }),
      ...(spec.schoolLevel === undefined ? {} : { schoolLevel: spec.schoolLevel }),
    }));
  for (let village = 1; village <= 60; village += 1) {
    branches.push({
      id: 1000 + village,
      sector: village % 5 === 0 ? "community" : "rural",
      divisionCode: `510821${String(100 + (village % 23)).padStart(3, "0")}${String(village).padStart(3, "0")}`,
    });
  }
  return branches;
}

describe("demoOrganizationSpecs", () => {
  const specs = demoOrganizationSpecs(COUNTY);
  const byKey = new Map(specs.map((spec) => [spec.key, spec]));

  it("has unique keys, parents before children, and kinds that may sit under their parents", () => {
    expect(byKey.size).toBe(specs.length);
    const seen = new Set<string>();
    for (const spec of specs) {
      if (spec.parentKey !== null) {
        expect(seen.has(spec.parentKey), spec.key).toBe(true);
        const parent = byKey.get(spec.parentKey);
        expect(parent && canHoldChild(parent.kind, spec.kind), spec.key).toBe(true);
      } else {
        expect(canHoldChild("committee", spec.kind)).toBe(true);
      }
      expect(spec.level).toBe("grassroots");
      expect(SECTORS).toContain(spec.sector);
      seen.add(spec.key);
    }
  });

  it("builds the education working committee and its schools", () => {
    const names = specs.map((spec) => spec.name);
    expect(byKey.get("education")).toMatchObject({ name: "旺苍县教育团工委", kind: "working_committee" });
    expect(byKey.get("senior-high")).toMatchObject({ name: "四川省旺苍中学团委", parentKey: "education" });
    expect(specs.filter((spec) => spec.parentKey === "senior-high").map((spec) => spec.shortName)).toEqual([
      "高一年级团总支",
      "高二年级团总支",
      "高三年级团总支",
    ]);
    expect(byKey.get("senior-high/grade-10/class-1")).toMatchObject({
      shortName: "高一（1）班团支部",
      kind: "branch",
      grade: 10,
      schoolLevel: "senior",
    });
    expect(names).toEqual(
      expect.arrayContaining(["旺苍县东河中学团委", "旺苍县嘉川中学团委", "旺苍县木门中学团委"]),
    );
    expect(byKey.get("vocational")).toMatchObject({
      name: "旺苍县职业高级中学团委",
      sector: "vocational_school",
    });
    const juniorGrades = new Set(
      specs.filter((spec) => spec.schoolLevel === "junior" && spec.grade).map((s) => s.grade),
    );
    expect([...juniorGrades]).toEqual([8, 9]);
  });

  it("dates graduation for graduating classes only", () => {
    const graduating = specs.filter((spec) => spec.expectedGraduationOn !== undefined);
    expect(graduating.length).toBeGreaterThan(0);
    expect(graduating.every((spec) => spec.grade === 9 || spec.grade === 12)).toBe(true);
    expect(new Set(graduating.map((spec) => spec.expectedGraduationOn))).toEqual(new Set(["2026-06-30"]));
    expect(
      demoOrganizationSpecs({ name: "旺苍县", divisionCode: "510821" }).some((s) => s.expectedGraduationOn),
    ).toBe(false);
  });

  it("covers agencies, public institutions, state enterprises and the two-new sectors", () => {
    const count = (sector: string) =>
      specs.filter((spec) => spec.kind === "branch" && spec.sector === sector).length;
    expect(count("agency")).toBeGreaterThanOrEqual(8);
    expect(specs.map((spec) => spec.name)).toEqual(
      expect.arrayContaining([
        "旺苍县直机关团工委",
        "旺苍县人民医院团支部",
        "国网旺苍县供电公司团支部",
        "旺苍县非公和社会组织团工委",
      ]),
    );
    expect(count("public_institution")).toBeGreaterThanOrEqual(1);
    expect(count("state_enterprise")).toBeGreaterThanOrEqual(4);
    expect(count("non_public_enterprise")).toBe(12);
    expect(count("social_organization")).toBe(4);
  });

  it("falls back to ordinal junior high schools for a county without township names", () => {
    const names = demoOrganizationSpecs({ name: "阳城县", divisionCode: "140522" }).map((spec) => spec.name);
    expect(names).toEqual(
      expect.arrayContaining(["阳城县第一初级中学团委", "阳城中学团委", "阳城县教育团工委"]),
    );
  });
});

describe("generateDemoMembers", () => {
  const branches = demoBranches();
  const input = { seed: 42, today: TODAY, branches, total: 3000 };
  const members = generateDemoMembers(input);
  const branchById = new Map(branches.map((branch) => [branch.id, branch]));

  it("is deterministic and honours the total", () => {
    expect(members).toHaveLength(3000);
    expect(generateDemoMembers(input)).toEqual(members);
    expect(generateDemoMembers({ ...input, seed: 43 })).not.toEqual(members);
  });

  /** Members breaking `rule`, as JSON for a readable failure; the tests expect none. */
  const violations = (rule: (member: DemoMember) => boolean) =>
    members.filter((member) => !rule(member)).map((member) => JSON.stringify(member));

  it("gives valid, unique citizen IDs that agree with birth date and sex, from 广元 counties", () => {
    const consistent = (member: DemoMember) => {
      const result = validateCitizenId(member.citizenId, { today: TODAY });
      return (
        result.ok &&
        result.birthDate === member.birthDate &&
        result.sex === member.sex &&
        /^5108(02|11|12|21|22|23|24)$/.test(result.divisionCode)
      );
    };
    expect(violations(consistent)).toEqual([]);
    expect(new Set(members.map((member) => member.citizenId)).size).toBe(members.length);
  });

  it("gives unique 16-digit member numbers: county code, join year, serial", () => {
    expect(
      violations(
        (member) =>
          /^510821\d{10}$/.test(member.memberNumber) &&
          member.memberNumber.slice(6, 10) === member.joinedOn.slice(0, 4),
      ),
    ).toEqual([]);
    expect(new Set(members.map((member) => member.memberNumber)).size).toBe(members.length);
  });

  it("keeps ages within 14–28 and join dates between the 14th birthday and today", () => {
    expect(
      violations((member) => {
        const age = ageOn(member.birthDate, TODAY);
        return age >= 14 && age <= 28;
      }),
    ).toEqual([]);
    expect(violations((member) => member.joinedOn >= fourteenthBirthday(member.birthDate))).toEqual([]);
    expect(violations((member) => validateJoinDate(member.birthDate, member.joinedOn, TODAY).ok)).toEqual([]);
  });

  it("dates each status: the join date when active, otherwise after joining and not after today", () => {
    expect(
      violations((member) =>
        member.status === "active"
          ? member.statusSince === member.joinedOn
          : member.statusSince > member.joinedOn && member.statusSince <= TODAY,
      ),
    ).toEqual([]);
    expect(
      violations(
        (member) => member.status !== "aged_out" || ageOn(member.birthDate, member.statusSince) === 28,
      ),
    ).toEqual([]);
  });

  it("gives students ages that match their grade", () => {
    const matchesGrade = (member: DemoMember) => {
      const grade = branchById.get(member.organizationId)?.grade;
      if (grade === undefined) return true;
      const age = ageOn(member.birthDate, TODAY);
      return (
        age >= Math.max(14, grade + 4) &&
        age <= grade + 7 &&
        member.occupation === "student" &&
        member.education.endsWith("_in_progress") &&
        member.politicalStatus === "league_member"
      );
    };
    expect(violations(matchesGrade)).toEqual([]);
  });

  it("still spreads 初二 birth dates on the first day of a school year", () => {
    const today = "2026-09-01";
    const grade8 = generateDemoMembers({
      seed: 5,
      today,
      branches: [{ id: 1, sector: "secondary_school", divisionCode: null, grade: 8, schoolLevel: "junior" }],
      total: 200,
    });
    expect(new Set(grade8.map((member) => member.birthDate)).size).toBeGreaterThan(100);
    expect(new Set(grade8.map((member) => ageOn(member.birthDate, today)))).toEqual(new Set([14, 15]));
  });

  it("uses dictionary codes and realistic proportions", () => {
    const codes = (dictionary: readonly { code: string }[]) => new Set(dictionary.map((entry) => entry.code));
    const share = (predicate: (member: DemoMember) => boolean) =>
      members.filter(predicate).length / members.length;
    const [ethnicities, educations, occupations, politicalStatuses] = [
      codes(ETHNICITIES),
      codes(EDUCATION_LEVELS),
      codes(OCCUPATIONS),
      codes(POLITICAL_STATUSES),
    ];
    const statuses = new Set<string>(MEMBER_STATUSES);
    expect(
      violations(
        (member) =>
          ethnicities.has(member.ethnicity) &&
          educations.has(member.education) &&
          occupations.has(member.occupation) &&
          politicalStatuses.has(member.politicalStatus) &&
          statuses.has(member.status) &&
          /^1[3-9]\d{9}$/.test(member.phone) &&
          member.nameInitials === personNameInitials(member.name),
      ),
    ).toEqual([]);
    expect(
      violations(
        (member) => member.politicalStatus === "league_member" || ageOn(member.birthDate, TODAY) >= 18,
      ),
    ).toEqual([]);
    expect(share((member) => member.status === "active")).toBeGreaterThan(0.93);
    expect(share((member) => member.ethnicity === "han")).toBeGreaterThan(0.92);
    expect(new Set(members.map((member) => member.status)).size).toBeGreaterThanOrEqual(5);
    const agency = members.filter((member) => branchById.get(member.organizationId)?.sector === "agency");
    expect(agency.every((member) => member.occupation === "public_sector_employee")).toBe(true);
  });

  it("sizes branches by sector", () => {
    const sizes = new Map<number, number>();
    for (const member of members)
      sizes.set(member.organizationId, (sizes.get(member.organizationId) ?? 0) + 1);
    const average = (filter: (branch: DemoBranchInput) => boolean) => {
      const chosen = branches.filter(filter);
      return chosen.reduce((sum, branch) => sum + (sizes.get(branch.id) ?? 0), 0) / chosen.length;
    };
    const senior = average((branch) => branch.schoolLevel === "senior");
    const junior = average((branch) => branch.schoolLevel === "junior");
    const enterprise = average((branch) => branch.sector === "non_public_enterprise");
    expect(senior).toBeGreaterThan(junior);
    expect(average((branch) => branch.sector === "rural")).toBeGreaterThan(enterprise);
  });

  it("returns nothing for no branches or a zero total", () => {
    expect(generateDemoMembers({ ...input, branches: [] })).toEqual([]);
    expect(generateDemoMembers({ ...input, total: 0 })).toEqual([]);
  });

  it("generates 20,000 members quickly", () => {
    // This process's CPU time, not the wall clock: other test files (two run at once) and programs
    // share the cores, and stretched the wall time past 5 s on a loaded machine.
    const started = process.cpuUsage();
    const many = generateDemoMembers({ ...input, seed: 7, total: 20_000 });
    const used = process.cpuUsage(started);
    const elapsed = (used.user + used.system) / 1000;
    expect(many).toHaveLength(20_000);
    expect(new Set(many.map((member) => member.citizenId)).size).toBe(20_000);
    expect(new Set(many.map((member) => member.memberNumber)).size).toBe(20_000);
    expect(elapsed).toBeLessThan(5_000);
  });
});

describe("spec shape", () => {
  it("uses only the documented fields", () => {
    const allowed = new Set<keyof DemoOrganizationSpec>([
      "key",
      "parentKey",
      "kind",
      "level",
      "sector",
      "name",
      "shortName",
      "grade",
      "schoolLevel",
      "expectedGraduationOn",
    ]);
    for (const spec of demoOrganizationSpecs(COUNTY)) {
      for (const field of Object.keys(spec))
        expect(allowed.has(field as keyof DemoOrganizationSpec)).toBe(true);
    }
  });
});
