import {
  addDays,
  addMonths,
  citizenIdCheckDigit,
  type DevelopmentAction,
  type DevelopmentState,
  DomainError,
} from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { allotQuota } from "../admission-quotas/admission-quota.service";
import type { Actor } from "../auth/actor";
import {
  type RegisteredApplication,
  registerApplication,
  transitionApplication,
} from "../development/development.service";
import { recordPrerequisite } from "../development/development-points.service";
import { createUser } from "../users/user.service";
import { WorkflowRefusal } from "../workflow/workflow-errors";
import { findDemoDevelopmentPlaces, findDemoSponsorIds } from "./demo-seed.repository";

/**
 * Member development in the demo county (发展团员, issue 10 part 8), so that a new user sees the
 * pipeline alive: this year's admission quotas (the county's total, allotted to its schools and
 * townships; the senior high school and a junior high school sub-allot to a grade and a class), and
 * applications at every step in its schools — 高二（1）班 of the senior high school with 40 applicants
 * (several in each state, returned, deferred and rejected ones, three admitted with member numbers),
 * a few early ones in the junior high and vocational schools — with their prerequisites and points,
 * taken through the engine's own services (registerApplication, transitionApplication), so every
 * step, work item, number and archive entry is as the web makes them. Dates run back from `today`,
 * in order, approvals within this year.
 *
 * Two accounts with the demo password: demo-applicant (a student whose application is in training,
 * with prerequisites still missing) and demo-member (a student admitted this year: my record, my
 * archive with the whole application).
 */

/** What the demo's development part created. */
export interface DemoDevelopmentSummary {
  applications: number;
  admitted: number;
  accounts: { username: string; role: string; organization: string }[];
}

/** Applicants of 高二（1）班 by the state they are left in (40 with the two demo accounts). */
const CLASS_PLAN: readonly { state: DemoTarget; count: number }[] = [
  { state: "applied", count: 5 },
  { state: "talked", count: 4 },
  { state: "candidate", count: 5 },
  { state: "returned", count: 2 },
  { state: "target_proposed", count: 3 },
  { state: "development_target", count: 4 },
  { state: "sponsored", count: 3 },
  { state: "branch_voted", count: 3 },
  { state: "approved", count: 2 },
  { state: "admitted", count: 3 },
  { state: "deferred", count: 2 },
  { state: "rejected", count: 2 },
];

/** A state the demo leaves an applicant in; "returned": proposed as target, returned to candidate. */
type DemoTarget = DevelopmentState | "returned";

/** The main-line steps in order, each with the state it reaches. */
const CHAIN: readonly { action: DevelopmentAction; reaches: DevelopmentState }[] = [
  { action: "record_talk", reaches: "talked" },
  { action: "name_candidate", reaches: "candidate" },
  { action: "propose_development_target", reaches: "target_proposed" },
  { action: "precheck_development_target", reaches: "development_target" },
  { action: "name_sponsors", reaches: "sponsored" },
  { action: "record_branch_vote", reaches: "branch_voted" },
  { action: "approve_admission", reaches: "approved" },
  { action: "record_oath", reaches: "admitted" },
];

const SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗";
const GIVEN_NAMES = [
  "子涵",
  "欣怡",
  "浩然",
  "梓萱",
  "宇轩",
  "思彤",
  "俊杰",
  "雨桐",
  "博文",
  "佳怡",
  "天佑",
  "诗琪",
  "明轩",
  "语嫣",
];

function latest(a: string, b: string): string {
  return a > b ? a : b;
}

function earliest(a: string, b: string): string {
  return a < b ? a : b;
}

/**
 * The dates of a full chain for applicant `index`, back from `today`: applied ~11 months ago, talked
 * within a month, trained 3 months and more, voted ~5 months ago; approved and sworn in this year.
 */
export function chainDates(today: string, index: number) {
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const applicationDate = addDays(today, -330 + (index % 6));
  const talkDate = addDays(applicationDate, 12);
  const candidateNamedOn = addDays(talkDate, 20);
  const targetProposedOn = addDays(addMonths(candidateNamedOn, 3), 10);
  const precheckedOn = addDays(targetProposedOn, 7);
  const sponsorsNamedOn = addDays(precheckedOn, 7);
  const voteDate = addDays(sponsorsNamedOn, 14);
  const approvedOn = earliest(today, latest(addDays(voteDate, 7), yearStart));
  const oathDate = earliest(today, addDays(approvedOn, 7));
  return {
    applicationDate,
    talkDate,
    candidateNamedOn,
    targetProposedOn,
    precheckedOn,
    sponsorsNamedOn,
    voteDate,
    approvedOn,
    oathDate,
  };
}

/** A student's birth date in a grade (10–12: 高一–高三, 8–9: 初二–初三) in the school year of `today`. */
export function studentBirthDate(today: string, grade: number, index: number): string {
  const month = Number(today.slice(5, 7));
  const schoolYear = Number(today.slice(0, 4)) - (month >= 9 ? 0 : 1);
  const birthMonth = ((index * 5) % 12) + 1;
  const year = schoolYear - grade - 6 + (birthMonth >= 9 ? 0 : 1);
  const day = ((index * 7) % 27) + 1;
  return `${year}-${String(birthMonth).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** A valid citizen ID of 旺苍县 (510821) for a birth date, sex and attempt (GB 11643 check digit). */
export function demoCitizenId(birthDate: string, sex: "male" | "female", attempt: number): string {
  const order = 900 + ((attempt * 2) % 98) + (sex === "male" ? 1 : 0);
  const first17 = `510821${birthDate.replaceAll("-", "")}${String(order).padStart(3, "0")}`;
  return first17 + citizenIdCheckDigit(first17);
}

/** Prerequisites of the default points scheme, met (团课 10 h, 思政课 10 h graded 4, volunteer hours, 青年大学习). */
const MET_PREREQUISITES = [
  ["league_class_hours", 10],
  ["ideological_course_hours", 10],
  ["ideological_course_grade", 4],
  ["volunteer_hours_in_year", 24],
  ["youth_study_sessions", 8],
  ["activities", 3],
] as const;

/** Prerequisites still being gathered (团课 4 h, 青年大学习 3): the missing list is not empty. */
const PARTIAL_PREREQUISITES = [
  ["league_class_hours", 4],
  ["youth_study_sessions", 3],
] as const;

/** Seeds member development of the demo county (see the file's comment). Runs after the county exists. */
export async function seedDemoDevelopment(
  db: Database,
  actor: Actor,
  county: { id: number; path: string },
  password: string,
  today: string,
): Promise<DemoDevelopmentSummary> {
  const year = Number(today.slice(0, 4));
  const places = await findDemoDevelopmentPlaces(db, county.path);
  const yearStart = `${year}-01-01`;

  await allotQuota(db, actor, county.id, year, 240);
  await allotQuota(db, actor, places.seniorSchool.id, year, 60);
  for (const school of places.juniorSchools) await allotQuota(db, actor, school.id, year, 20);
  await allotQuota(db, actor, places.vocationalSchool.id, year, 20);
  for (const township of places.townships.slice(0, 5)) await allotQuota(db, actor, township.id, year, 10);
  await allotQuota(db, actor, places.seniorGrade.id, year, 15);
  const firstJunior = places.juniorClasses[0];
  if (firstJunior) await allotQuota(db, actor, firstJunior.id, year, 5);

  const sponsors = await findDemoSponsorIds(db, places.seniorSchool.path, places.seniorClass.path);
  const mentors = sponsors.slice(0, 2);
  const sponsorPair = sponsors.slice(2, 4);
  if (sponsorPair.length < 2) throw new Error("demo: the senior class has too few active members to sponsor");

  let applications = 0;
  let admitted = 0;
  let attempt = 0;

  /** Registers one student applicant (a fresh citizen ID when the generated one is taken). */
  async function register(
    branchId: number,
    grade: number,
    schoolLevel: "senior_secondary" | "junior_secondary" | "vocational",
    index: number,
    applicationDate: string,
    applicantUserId: number | null,
    name?: string,
  ): Promise<RegisteredApplication> {
    const sex = index % 2 === 0 ? "female" : "male";
    const birthDate = studentBirthDate(today, grade, index);
    for (;;) {
      attempt += 1;
      try {
        const registered = await registerApplication(
          db,
          actor,
          branchId,
          {
            name:
              name ?? `${SURNAMES[index % SURNAMES.length]}${GIVEN_NAMES[(index * 3) % GIVEN_NAMES.length]}`,
            sex,
            citizenId: demoCitizenId(birthDate, sex, attempt),
            birthDate,
            ethnicity: "han",
            schoolLevel,
            grade,
            graduatingClass: grade === 9 || grade === 12,
            applicationDate,
          },
          today,
          { applicantUserId },
        );
        applications += 1;
        return registered;
      } catch (error) {
        if (error instanceof DomainError && error.field === "citizenId" && attempt < 10_000) continue;
        throw error;
      }
    }
  }

  /** Takes one step; an approval's ratio warnings are acknowledged as an approver would. */
  async function step(
    application: { id: number; version: number },
    action: DevelopmentAction,
    payload: Record<string, unknown>,
  ): Promise<void> {
    try {
      const applied = await transitionApplication(
        db,
        actor,
        application.id,
        { action, version: application.version, payload },
        today,
      );
      application.version = applied.version;
    } catch (error) {
      if (!(error instanceof WorkflowRefusal) || error.warnings.length === 0) throw error;
      const acknowledgedWarnings = error.warnings.map((warning) => warning.code);
      const applied = await transitionApplication(
        db,
        actor,
        application.id,
        { action, version: application.version, payload: { ...payload, acknowledgedWarnings } },
        today,
      );
      application.version = applied.version;
    }
  }

  async function recordPrerequisites(
    applicationId: number,
    facts: readonly (readonly [string, number])[],
    on: string,
  ) {
    for (const [item, units] of facts) {
      await recordPrerequisite(
        db,
        actor,
        applicationId,
        { item: item as Parameters<typeof recordPrerequisite>[3]["item"], units, occurredOn: on },
        today,
      );
    }
  }

  /** Takes an application along the main line until it reaches `target`. */
  async function advance(
    application: { id: number; version: number },
    target: DevelopmentState,
    index: number,
  ) {
    const dates = chainDates(today, index);
    for (const { action, reaches } of CHAIN) {
      if (action === "propose_development_target") {
        // Gathered before the proposal, in its year (the guard counts volunteer hours of that year).
        const proposed = dates.targetProposedOn;
        await recordPrerequisites(
          application.id,
          MET_PREREQUISITES,
          latest(`${proposed.slice(0, 4)}-01-01`, addDays(proposed, -5)),
        );
      }
      await step(application, action, payloadOf(action, dates, index));
      if (action === "record_oath") admitted += 1;
      if (reaches === target) return;
    }
  }

  function payloadOf(action: DevelopmentAction, dates: ReturnType<typeof chainDates>, index: number) {
    switch (action) {
      case "record_talk":
        return { talkDate: dates.talkDate };
      case "name_candidate":
        return {
          candidateNamedOn: dates.candidateNamedOn,
          source: index % 3 === 0 ? "young_pioneers" : "class_recommendation",
          mentorMemberIds: mentors.slice(0, 1 + (index % 2)),
        };
      case "propose_development_target":
        return { targetProposedOn: dates.targetProposedOn };
      case "precheck_development_target":
        return { precheckedOn: dates.precheckedOn };
      case "name_sponsors":
        return { sponsorsNamedOn: dates.sponsorsNamedOn, sponsorMemberIds: sponsorPair };
      case "record_branch_vote":
        return { voteDate: dates.voteDate, votingMembers: 30, present: 27, yes: 26 - (index % 3) };
      case "approve_admission":
        return { approvedOn: dates.approvedOn };
      case "record_oath":
        return { oathDate: dates.oathDate };
      default:
        return {};
    }
  }

  // 高二（1）班: 38 applicants left in every state, then the two demo accounts.
  let index = 0;
  for (const { state, count } of CLASS_PLAN) {
    for (let n = 0; n < count; n += 1) {
      index += 1;
      const early = state === "applied" || state === "talked" || state === "deferred";
      const dates = early
        ? { applicationDate: addDays(today, -25 - index) }
        : { applicationDate: chainDates(today, index).applicationDate };
      const registered = await register(
        places.seniorClass.id,
        11,
        "senior_secondary",
        index,
        dates.applicationDate,
        null,
      );
      const application = { id: registered.id, version: registered.version };
      if (state === "applied") continue;
      if (early) {
        await step(application, "record_talk", { talkDate: addDays(dates.applicationDate, 10) });
        if (state === "deferred") await step(application, "defer", { reason: "本人学业压力较大，申请暂缓" });
        continue;
      }
      if (state === "rejected") {
        await advance(application, n === 0 ? "talked" : "candidate", index);
        await step(application, "reject", { reason: "培养考察期间表现未达到要求" });
        continue;
      }
      if (state === "returned") {
        await advance(application, "target_proposed", index);
        await step(application, "return_to_step", {
          toState: "candidate",
          reason: "民主评议结果需补充材料，退回继续培养",
        });
        continue;
      }
      if (state === "candidate") {
        await advance(application, "candidate", index);
        await recordPrerequisites(
          application.id,
          PARTIAL_PREREQUISITES,
          latest(yearStart, addDays(today, -10)),
        );
        continue;
      }
      await advance(application, state as DevelopmentState, index);
    }
  }

  // demo-applicant: a student in training (入团积极分子), prerequisites still missing.
  const accounts: DemoDevelopmentSummary["accounts"] = [];
  const applicantUserId = await createUser(db, actor, {
    username: "demo-applicant",
    displayName: "申请人陈思远",
    password,
    role: "member",
    organizationId: places.seniorClass.id,
  });
  index += 1;
  const own = await register(
    places.seniorClass.id,
    11,
    "senior_secondary",
    index,
    chainDates(today, index).applicationDate,
    applicantUserId,
    "陈思远",
  );
  await advance({ id: own.id, version: own.version }, "candidate", index);
  await recordPrerequisites(own.id, PARTIAL_PREREQUISITES, latest(yearStart, addDays(today, -10)));
  accounts.push({ username: "demo-applicant", role: "member", organization: places.seniorClass.name });

  // demo-member: admitted this year; the oath links the account to the new member record.
  const memberUserId = await createUser(db, actor, {
    username: "demo-member",
    displayName: "团员林雨桐",
    password,
    role: "member",
    organizationId: places.seniorClass.id,
  });
  index += 1;
  const joined = await register(
    places.seniorClass.id,
    11,
    "senior_secondary",
    index,
    chainDates(today, index).applicationDate,
    memberUserId,
    "林雨桐",
  );
  await advance({ id: joined.id, version: joined.version }, "admitted", index);
  accounts.push({ username: "demo-member", role: "member", organization: places.seniorClass.name });

  // The other schools: a few early applications each, so every school's board has something.
  const otherClasses = [
    ...places.juniorClasses.map((branch) => ({ branch, grade: 9, level: "junior_secondary" as const })),
    ...places.vocationalClasses.map((branch) => ({ branch, grade: 11, level: "vocational" as const })),
  ];
  for (const { branch, grade, level } of otherClasses) {
    for (const state of ["applied", "talked", "candidate"] as const) {
      index += 1;
      const registered = await register(
        branch.id,
        grade,
        level,
        index,
        addDays(today, -60 - (index % 20)),
        null,
      );
      if (state === "applied") continue;
      const application = { id: registered.id, version: registered.version };
      const applied = addDays(today, -60 - (index % 20));
      await step(application, "record_talk", { talkDate: addDays(applied, 10) });
      if (state === "candidate") {
        await step(application, "name_candidate", {
          candidateNamedOn: addDays(applied, 30),
          source: "young_pioneers",
          mentorMemberIds: mentors.slice(0, 1),
        });
      }
    }
  }
  return { applications, admitted, accounts };
}
