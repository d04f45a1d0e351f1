import type { Sector } from "@tuanwu/domain";
import { type DivisionNode, sectorForDivision } from "../../server/src/modules/divisions/china-division";
import {
  type DemoOrganizationSpec,
  demoOrganizationSpecs,
} from "../../server/src/modules/seed/demo-generator";
import {
  COLLEGE_DEPARTMENTS,
  COLLEGE_SUFFIXES,
  COLLEGES_PER_CITY,
  ENTERPRISE_BRANDS,
  ENTERPRISE_INDUSTRIES,
  EXTRA_AGENCY_UNITS,
  SCHOOL_ORDINALS,
  TOWNSHIP_SOCIAL_ORGANIZATIONS,
} from "./province-catalog";
import {
  type MemberUnit,
  type Placement,
  PlanBuilder,
  type PlannedOrganization,
  type PlanOptions,
  type ProvincePlan,
} from "./province-plan-builder";
import { createRandom, hashSeed, type Random } from "./province-random";

export type { MemberUnit, PlannedOrganization, PlanOptions, ProvincePlan } from "./province-plan-builder";

/**
 * The organizations of a province-scale benchmark tree (issue 4 part 5), planned in memory with
 * their final ids and paths, and the member-generation units (a county, or the colleges of a city)
 * the members are split over. Pure: the same tree and options always give the same plan.
 */

/**
 * Plans the organizations of a division tree (from loadDivisionTree):
 *
 * 1. the territorial tree exactly as `tuanwu init --division CODE` scaffolds it on an empty database
 *    (server/src/modules/scaffold): depth-first, ids from 1, committee names from committeeNameFor,
 *    sectors from sectorForDivision, the division code as code, a branch per village;
 * 2. per city: colleges (university committees → department general branches → class branches of
 *    years 1–4, grades 13–16, 3–8 × scale classes per year), COLLEGES_PER_CITY × scale;
 * 3. per county: the demo county's organizations (demoOrganizationSpecs: education working committee,
 *    senior high, three junior highs, vocational school, agencies, state enterprises, non-public and
 *    social organizations), plus 20 × scale more agency branches, 2–5 × scale more senior high
 *    schools (10–18 × scale classes per grade), 10–30 × scale enterprises of the county; per township
 *    a junior high school under the education working committee (3–8 × scale classes per grade, 6–12
 *    in a street), and under the township committee an agency branch, a health-centre branch,
 *    20–50 × scale enterprises (40–100 in a street) and 0–3 × scale social organizations.
 *
 * Members are split over the units in proportion to their branches' mean sizes (meanBranchSize).
 *
 * @throws RangeError when the scale is not a positive number or members is negative
 */
export function planProvince(tree: DivisionNode, options: PlanOptions): ProvincePlan {
  if (!(options.scale > 0)) throw new RangeError(`scale must be > 0, got ${options.scale}`);
  if (!(options.members >= 0)) throw new RangeError(`members must be ≥ 0, got ${options.members}`);
  const builder = new PlanBuilder(options);
  builder.addTerritorial(tree, null);
  for (const city of nodesOfLevel(tree, "city")) addColleges(builder, city);
  for (const county of nodesOfLevel(tree, "county")) addCounty(builder, county);
  return builder.finish();
}

function nodesOfLevel(root: DivisionNode, level: DivisionNode["level"]): DivisionNode[] {
  const found: DivisionNode[] = [];
  const visit = (node: DivisionNode): void => {
    if (node.level === level) found.push(node);
    else for (const child of node.children) visit(child);
  };
  visit(root);
  return found;
}

function addColleges(plan: PlanBuilder, city: DivisionNode): void {
  const cityOrganization = plan.required(city.code);
  const random = createRandom(hashSeed(plan.options.seed, `colleges-${city.code}`));
  const count = Math.round((COLLEGES_PER_CITY[city.code] ?? 2) * plan.options.scale);
  if (count === 0) return;
  const unitCode = `${city.code}00`;
  const unit = plan.unit(unitCode, `${city.name}高校`);
  const stem = city.name.replace(/市$/, "");
  for (let index = 0; index < count; index += 1) {
    const round = Math.floor(index / COLLEGE_SUFFIXES.length);
    const college = `${stem}${round === 0 ? "" : (ENTERPRISE_BRANDS[round - 1] ?? String(round))}${COLLEGE_SUFFIXES[index % COLLEGE_SUFFIXES.length]}`;
    const collegeOrganization = plan.add(cityOrganization, {
      kind: "committee",
      level: "grassroots",
      sector: "university",
      name: `${college}团委`,
      shortName: `${college}团委`,
      code: "",
      divisionCode: null,
    });
    plan.withCode(collegeOrganization, unitCode);
    const departments = 6 + Math.floor(random() * 9);
    for (const department of COLLEGE_DEPARTMENTS.slice(0, departments)) {
      const departmentOrganization = plan.withCode(
        plan.add(collegeOrganization, {
          kind: "general_branch",
          level: "grassroots",
          sector: "university",
          name: `${college}${department}团总支`,
          shortName: `${department}团总支`,
          code: "",
          divisionCode: null,
        }),
        unitCode,
      );
      for (const grade of [13, 14, 15, 16]) {
        const entryYear = plan.schoolYear - (grade - 13);
        const classes = Math.max(1, plan.scaled(random, 3, 8));
        for (let classNumber = 1; classNumber <= classes; classNumber += 1) {
          const className = `${entryYear}级${classNumber}班团支部`;
          plan.branch(
            departmentOrganization,
            {
              kind: "branch",
              level: "grassroots",
              sector: "university",
              name: `${college}${department}${className}`,
              shortName: className,
              code: "",
              divisionCode: null,
            },
            { unit, grade, schoolLevel: undefined },
          );
        }
      }
    }
  }
}

function addCounty(plan: PlanBuilder, county: DivisionNode): void {
  const countyOrganization = plan.required(county.code);
  const unit = plan.unit(county.code, county.name);
  unit.name = county.name;
  const random = createRandom(hashSeed(plan.options.seed, `county-${county.code}`));
  const townships = county.children.filter((child) => child.level === "township");
  const specs = demoOrganizationSpecs({
    name: county.name,
    divisionCode: county.code,
    townshipNames: townships.map((township) => township.name),
    today: plan.options.today,
  });
  const byKey = new Map<string | null, PlannedOrganization>([[null, countyOrganization]]);
  for (const spec of specs) byKey.set(spec.key, addSpec(plan, byKey, spec, unit));
  const education = byKey.get("education") ?? countyOrganization;
  const agencies = byKey.get("agencies") ?? countyOrganization;
  const twoNew = byKey.get("two-new") ?? countyOrganization;

  const extraAgencies = Math.min(EXTRA_AGENCY_UNITS.length, Math.round(20 * plan.options.scale));
  for (const [agency, sector] of EXTRA_AGENCY_UNITS.slice(0, extraAgencies)) {
    plan.branch(agencies, plan.unitFields(`${county.name}${agency}团支部`, `${agency}团支部`, sector), {
      unit,
    });
  }
  const seniorSchools = Math.min(SCHOOL_ORDINALS.length, plan.scaled(random, 2, 5));
  for (const ordinal of SCHOOL_ORDINALS.slice(0, seniorSchools)) {
    addSeniorSchool(plan, education, `${county.name}第${ordinal}高级中学`, unit, random);
  }
  addEnterprises(plan, twoNew, county.name, "", plan.scaled(random, 10, 30), unit, random);
  for (const township of townships) addTownship(plan, county, township, education, unit, random);
}

function addSpec(
  plan: PlanBuilder,
  byKey: Map<string | null, PlannedOrganization>,
  spec: DemoOrganizationSpec,
  unit: MemberUnit,
): PlannedOrganization {
  const parent = byKey.get(spec.parentKey);
  if (parent === undefined) throw new Error(`spec ${spec.key} comes before its parent ${spec.parentKey}`);
  const placement: Placement = { unit };
  if (spec.grade !== undefined) placement.grade = spec.grade;
  if (spec.schoolLevel !== undefined) placement.schoolLevel = spec.schoolLevel;
  return plan.withCode(
    plan.add(
      parent,
      {
        kind: spec.kind,
        level: spec.level,
        sector: spec.sector,
        name: spec.name,
        shortName: spec.shortName,
        code: "",
        divisionCode: null,
      },
      placement,
    ),
    unit.code,
  );
}

function addSeniorSchool(
  plan: PlanBuilder,
  parent: PlannedOrganization,
  school: string,
  unit: MemberUnit,
  random: Random,
) {
  const classes = Math.max(1, plan.scaled(random, 10, 18));
  const schoolOrganization = plan.withCode(
    plan.add(parent, {
      kind: "committee",
      level: "grassroots",
      sector: "secondary_school",
      name: `${school}团委`,
      shortName: `${school.slice(unit.name.length)}团委`,
      code: "",
      divisionCode: null,
    }),
    unit.code,
  );
  for (const [grade, gradeName] of [
    [10, "高一"],
    [11, "高二"],
    [12, "高三"],
  ] as const) {
    const gradeOrganization = plan.withCode(
      plan.add(schoolOrganization, {
        kind: "general_branch",
        level: "grassroots",
        sector: "secondary_school",
        name: `${school}${gradeName}年级团总支`,
        shortName: `${gradeName}年级团总支`,
        code: "",
        divisionCode: null,
      }),
      unit.code,
    );
    for (let classNumber = 1; classNumber <= classes; classNumber += 1) {
      const className = `${gradeName}（${classNumber}）班团支部`;
      plan.branch(
        gradeOrganization,
        {
          ...plan.unitFields(`${school}${className}`, className, "secondary_school"),
        },
        { unit, grade, schoolLevel: "senior" },
      );
    }
  }
}

function addTownship(
  plan: PlanBuilder,
  county: DivisionNode,
  township: DivisionNode,
  education: PlannedOrganization,
  unit: MemberUnit,
  random: Random,
): void {
  const townshipOrganization = plan.required(township.code);
  const street = sectorForDivision(township) === "community";
  const stem = township.name.replace(/(镇|乡|街道|办事处)$/, "") || township.name;

  const classes = street ? plan.scaled(random, 6, 12) : plan.scaled(random, 3, 8);
  if (classes > 0) {
    const school = `${county.name}${township.name}初级中学`;
    const schoolOrganization = plan.withCode(
      plan.add(education, {
        kind: "committee",
        level: "grassroots",
        sector: "secondary_school",
        name: `${school}团委`,
        shortName: `${township.name}初级中学团委`,
        code: "",
        divisionCode: null,
      }),
      unit.code,
    );
    for (const [grade, gradeName] of [
      [8, "初二"],
      [9, "初三"],
    ] as const) {
      for (let classNumber = 1; classNumber <= classes; classNumber += 1) {
        const className = `${gradeName}（${classNumber}）班团支部`;
        plan.branch(
          schoolOrganization,
          plan.unitFields(`${school}${className}`, className, "secondary_school"),
          { unit, grade, schoolLevel: "junior" },
        );
      }
    }
  }
  const own = (unitName: string, sector: Sector) =>
    plan.branch(
      townshipOrganization,
      plan.unitFields(`${county.name}${township.name}${unitName}`, `${township.name}${unitName}`, sector),
      { unit },
    );
  own("机关团支部", "agency");
  own(street ? "社区卫生服务中心团支部" : "卫生院团支部", "public_institution");
  const enterprises = street ? plan.scaled(random, 40, 100) : plan.scaled(random, 20, 50);
  addEnterprises(plan, townshipOrganization, `${county.name}${stem}`, stem, enterprises, unit, random);
  const social = Math.min(TOWNSHIP_SOCIAL_ORGANIZATIONS.length, plan.scaled(random, 0, 3));
  for (const organizationName of TOWNSHIP_SOCIAL_ORGANIZATIONS.slice(0, social)) {
    own(`${organizationName}团支部`, "social_organization");
  }
}

/** `count` non-public enterprise branches with distinct names (brand × industry). */
function addEnterprises(
  plan: PlanBuilder,
  parent: PlannedOrganization,
  namePrefix: string,
  shortPrefix: string,
  count: number,
  unit: MemberUnit,
  random: Random,
): void {
  const brands = ENTERPRISE_BRANDS.length;
  const start = Math.floor(random() * brands * ENTERPRISE_INDUSTRIES.length);
  for (let index = 0; index < Math.min(count, brands * ENTERPRISE_INDUSTRIES.length); index += 1) {
    const combination = start + index;
    const brand = ENTERPRISE_BRANDS[combination % brands] ?? "";
    const industry =
      ENTERPRISE_INDUSTRIES[Math.floor(combination / brands) % ENTERPRISE_INDUSTRIES.length] ?? "";
    const company = `${brand}${industry}${industry.endsWith("社") ? "" : "有限公司"}`;
    plan.branch(
      parent,
      plan.unitFields(
        `${namePrefix}${company}团支部`,
        `${shortPrefix}${company}团支部`,
        "non_public_enterprise",
      ),
      { unit },
    );
  }
}
