import { childPath, type MemberEventKind, type MemberStatus } from "@tuanwu/domain";
import { eq, like } from "drizzle-orm";
import type { Database, DatabaseHandle } from "../../db/database";
import { appUser, organization } from "../../db/schema";
import { todayInChina } from "../../lib/clock";
import { pinyinInitials } from "../../lib/pinyin";
import { appendMemberEvents } from "../archive/member-event.repository";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { insertCadresFromMembers } from "../cadres/cadre-from-members.repository";
import { insertMembersWithHistory } from "../members/member-bulk.repository";
import {
  allocateOrganizationIds,
  findOrganizationById,
  insertOrganizations,
  type NewOrganization,
} from "../organizations/organization.repository";
import { scaffoldDivision } from "../scaffold/scaffold.service";
import { buildWindowSnapshots } from "../stats/member-count-snapshot.service";
import { findSubtreeOrganizations } from "../stats/stats.repository";
import { updateUserActive } from "../users/user.repository";
import { createUser, generatePassword } from "../users/user.service";
import { withBranchCadres } from "./demo-cadres";
import { seedDemoCadreWork } from "./demo-cadres-work";
import { seedDemoDevelopment } from "./demo-development";
import { seedDemoEnteredData } from "./demo-entered-data";
import {
  type DemoBranchInput,
  type DemoMember,
  demoOrganizationSpecs,
  generateDemoMembers,
} from "./demo-generator";
import { seedDemoAnnualCycle, seedDemoOrganizationalLife } from "./demo-organizational-life";
import { countyAdministratorActor, seedDemoPlan } from "./demo-plan";
import { reportDemoMemberCounts } from "./demo-seed.repository";
import { seedDemoTransfers } from "./demo-transfers";
import { seedDemoYouth } from "./demo-youth";
import { seedDemoYouthHomes } from "./demo-youth-homes";

/** The demo county: 旺苍县, Sichuan (the Wangcang reform plan's county). */
export const DEMO_DIVISION_CODE = "510821";
/** The township whose administrator and branch secretary are demo accounts. */
export const DEMO_TOWNSHIP_NAME = "东河镇";
/** Fixed seed and reference date: the demo is identical on every run. Ages are computed on this date. */
export const DEMO_SEED = 20_221_101;
export const DEMO_REFERENCE_DATE = "2026-09-01";
/** How many members the demo county gets. */
export const DEMO_MEMBER_COUNT = 20_000;

const STATUS_EVENTS: Partial<Record<MemberStatus, { kind: MemberEventKind; summary: string }>> = {
  aged_out: { kind: "aged_out", summary: "满28周岁离团" },
  lapsed: { kind: "lapsed", summary: "自行脱团" },
  withdrawn: { kind: "withdrawn", summary: "自愿退团" },
  flowing: { kind: "flowing_started", summary: "成为流动团员" },
  transferring: { kind: "transfer_started", summary: "组织关系转接中" },
};

/** The archive entries of the demo members: joining, and how their current status began. */
function demoArchiveEvents(members: readonly DemoMember[], ids: readonly number[]) {
  return members.flatMap((member, index) => {
    const memberId = ids[index] as number;
    const events: { memberId: number; kind: MemberEventKind; occurredOn: string; summary: string }[] = [
      { memberId, kind: "joined", occurredOn: member.joinedOn, summary: "入团" },
    ];
    const status = STATUS_EVENTS[member.status];
    if (status)
      events.push({ memberId, kind: status.kind, occurredOn: member.statusSince, summary: status.summary });
    return events;
  });
}

/** The user names of the demo accounts that exist (printed at every start). */
export async function findDemoAccounts(db: Database): Promise<string[]> {
  const rows = await db
    .select({ username: appUser.username })
    .from(appUser)
    .where(like(appUser.username, "demo-%"))
    .orderBy(appUser.id);
  return rows.map((row) => row.username);
}

import type { DemoAccount } from "./demo-account";

export type { DemoAccount };

/** What `tuanwu seed demo` did. */
export interface DemoSeedSummary {
  alreadySeeded: boolean;
  organizations: number;
  members: number;
  /** Applications of member development (入团申请) seeded, and how many of them were admitted. */
  applications: number;
  admitted: number;
  /** Graduates' transfers of the demo's graduation season (组织关系转接) started. */
  transfers: number;
  accounts: DemoAccount[];
  /** The password given to the demo accounts when generated now (never stored in clear). */
  generatedPassword: string | null;
  seconds: number;
}

/**
 * Seeds the demo (`tuanwu seed demo`, and `npm start` on an empty data folder): scaffolds 旺苍县
 * (510821), adds schools, agencies and enterprises under the county committee, generates 20,000
 * members from a fixed seed, and creates the accounts demo-county (administrator of the county),
 * demo-township (administrator of 东河镇), demo-branch (secretary of a village branch in 东河镇) and
 * demo-evaluator (a third-party evaluator of the county's reform ledger) with `password`
 * (TUANWU_DEMO_PASSWORD) or a generated one that is returned once, and enters the denominators of
 * 团青比, 团学比 and 建团率 (seedDemoEnteredData), in one transaction; then gives the
 * county its reform ledger (seedDemoPlan: the Wangcang plan and three years of progress) and its
 * member development (seedDemoDevelopment: this year's quotas, applications at every step in its
 * schools, the accounts demo-applicant and demo-member with the same password); its organizational life and
 * annual cycle; the account demo-youth (a member of demo-branch's branch, seedDemoYouth); the month-end
 * snapshots of the trend window (buildWindowSnapshots); then VACUUM.
 * Running it again when the demo accounts exist changes nothing.
 */
export async function seedDemo(
  handle: DatabaseHandle,
  actor: Actor,
  options: { password?: string | undefined } = {},
): Promise<DemoSeedSummary> {
  const started = performance.now();
  const { db } = handle;
  const accounts: DemoAccount[] = [];
  const existing = await db
    .select({ id: appUser.id })
    .from(appUser)
    .where(eq(appUser.username, "demo-county"));
  if (existing.length > 0) {
    return {
      alreadySeeded: true,
      organizations: 0,
      members: 0,
      applications: 0,
      admitted: 0,
      transfers: 0,
      accounts,
      generatedPassword: null,
      seconds: 0,
    };
  }
  const scaffold = await scaffoldDivision(db, actor, DEMO_DIVISION_CODE);
  const password = options.password ?? generatePassword();
  const result = await db.transaction(async (tx) => {
    const county = await findOrganizationById(tx, scaffold.rootOrganization.id);
    if (!county) throw new Error("demo county missing after scaffolding");
    const countyName = county.name.replace(/^共青团/, "").replace(/委员会$/, "");
    const townships = await tx
      .select({ name: organization.name })
      .from(organization)
      .where(eq(organization.parentId, county.id))
      .orderBy(organization.code);
    const specs = demoOrganizationSpecs({
      name: countyName,
      divisionCode: DEMO_DIVISION_CODE,
      townshipNames: townships.map((row) => row.name.replace(/^共青团/, "").replace(/委员会$/, "")),
      today: DEMO_REFERENCE_DATE,
    });
    const ids = await allocateOrganizationIds(tx, specs.length);
    const placed = new Map<string | null, { id: number; path: string; depth: number }>([[null, county]]);
    const rows: (NewOrganization & { id: number; path: string; depth: number })[] = [];
    const schoolBranches = new Map<number, Pick<DemoBranchInput, "grade" | "schoolLevel">>();
    specs.forEach((spec, index) => {
      const id = ids[index] as number;
      const parent = placed.get(spec.parentKey);
      if (!parent) throw new Error(`demo spec ${spec.key} comes before its parent ${spec.parentKey}`);
      const path = childPath(parent.path, id);
      placed.set(spec.key, { id, path, depth: parent.depth + 1 });
      rows.push({
        id,
        path,
        depth: parent.depth + 1,
        parentId: parent.id,
        kind: spec.kind,
        level: spec.level,
        sector: spec.sector,
        name: spec.name,
        shortName: spec.shortName,
        nameInitials: pinyinInitials(spec.shortName),
        code: `${DEMO_DIVISION_CODE}-${id}`,
        divisionCode: null,
      });
      if (spec.kind === "branch" && spec.schoolLevel) {
        schoolBranches.set(id, { grade: spec.grade, schoolLevel: spec.schoolLevel });
      }
    });
    await insertOrganizations(tx, rows);
    const branches: DemoBranchInput[] = (await findSubtreeOrganizations(tx, county.path))
      .filter((row) => row.kind === "branch")
      .sort((a, b) => a.id - b.id)
      .map((row) => ({
        id: row.id,
        sector: row.sector ?? "rural",
        divisionCode: null,
        ...schoolBranches.get(row.id),
      }));
    const members = withBranchCadres(
      generateDemoMembers({
        seed: DEMO_SEED,
        today: DEMO_REFERENCE_DATE,
        branches,
        total: DEMO_MEMBER_COUNT,
        countyDivisionCode: DEMO_DIVISION_CODE,
      }),
      DEMO_REFERENCE_DATE,
    );
    const memberIds = await insertMembersWithHistory(tx, members);
    // The member records' cadre fields become cadre records (issue 13 part 1).
    await insertCadresFromMembers(tx, county.path);
    await appendMemberEvents(tx, actor, demoArchiveEvents(members, memberIds));
    await seedDemoEnteredData(tx, county.id, specs, placed, members.length, todayInChina());
    await reportDemoMemberCounts(tx, county.path);

    const township = townships.find((row) => row.name.includes(DEMO_TOWNSHIP_NAME));
    const townshipRow = (
      await tx
        .select()
        .from(organization)
        .where(eq(organization.name, township?.name ?? ""))
    )[0];
    if (!townshipRow) throw new Error(`demo township ${DEMO_TOWNSHIP_NAME} missing`);
    const villageBranch = (
      await tx
        .select()
        .from(organization)
        .where(eq(organization.parentId, townshipRow.id))
        .orderBy(organization.code)
        .limit(1)
    )[0];
    if (!villageBranch) throw new Error("demo village branch missing");
    const demoUsers = [
      { username: "demo-county", displayName: "县团委管理员", role: "org_admin" as const, org: county },
      {
        username: "demo-township",
        displayName: `${DEMO_TOWNSHIP_NAME}团委管理员`,
        role: "org_admin" as const,
        org: townshipRow,
      },
      {
        username: "demo-branch",
        displayName: `${villageBranch.name}书记`,
        role: "branch_secretary" as const,
        org: villageBranch,
      },
      { username: "demo-evaluator", displayName: "第三方评估人员", role: "evaluator" as const, org: county },
    ];
    let countyAdministratorId: number | undefined;
    for (const user of demoUsers) {
      const userId = await createUser(tx, actor, {
        username: user.username,
        displayName: user.displayName,
        password,
        role: user.role,
        organizationId: user.org.id,
      });
      if (user.username === "demo-county") countyAdministratorId = userId;
      accounts.push({ username: user.username, role: user.role, organization: user.org.name });
    }
    if (countyAdministratorId === undefined) throw new Error("demo-county was not created");
    // A former secretary whose account was disabled (停用), so that the accounts page and the audit
    // log show one; it cannot log in and is not listed among the demo accounts.
    const formerId = await createUser(tx, actor, {
      username: "demo-former",
      displayName: `${villageBranch.name}原书记`,
      password,
      role: "branch_secretary",
      organizationId: villageBranch.id,
    });
    await updateUserActive(tx, formerId, false);
    await recordAudit(tx, actor, {
      action: "user.disable",
      entityType: "user",
      entityId: formerId,
      organizationId: villageBranch.id,
      before: { isActive: true },
      after: { isActive: false },
    });
    await recordAudit(tx, actor, {
      action: "demo.seed",
      entityType: "organization",
      entityId: county.id,
      organizationId: county.id,
      detail: { organizations: rows.length, members: members.length, seed: DEMO_SEED },
    });
    return {
      organizations: rows.length + Object.values(scaffold.created).reduce((a, b) => a + b, 0),
      members: members.length,
      county: { id: county.id, name: county.name, path: county.path },
      countyAdministratorId,
    };
  });
  const { county, countyAdministratorId, ...counts } = result;
  await seedDemoPlan(
    db,
    countyAdministratorActor(
      { id: countyAdministratorId, username: "demo-county", displayName: "县团委管理员" },
      county,
    ),
    actor,
    county.id,
    todayInChina(),
  );
  const development = await seedDemoDevelopment(db, actor, county, password, todayInChina());
  accounts.push(...development.accounts);
  const season = await seedDemoTransfers(db, actor, county, todayInChina());
  await db.transaction((tx) => seedDemoYouthHomes(tx, actor, county, todayInChina()));
  // Cadres, terms, training, 述职评议, deputies and liaison (issue 13).
  await seedDemoCadreWork(db, actor, county, todayInChina());
  await seedDemoOrganizationalLife(db, county, todayInChina());
  // 团员教育评议, 团籍注册 and 推优入党 of the year (issue 12).
  await seedDemoAnnualCycle(db, actor, county, todayInChina());
  // demo-youth: a plain member of demo-branch's branch, for the second phone of QR sign-in.
  const youth = await seedDemoYouth(db, actor, password);
  if (youth) accounts.push(youth);
  // Month-end snapshots of the trend window (issue 18 part 4): the trends read them, not a recount.
  await buildWindowSnapshots(db, todayInChina());
  await handle.vacuum();
  return {
    alreadySeeded: false,
    ...counts,
    transfers: season.transfers,
    applications: development.applications,
    admitted: development.admitted,
    accounts,
    generatedPassword: options.password ? null : password,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
