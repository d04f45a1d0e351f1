import {
  assertPasswordAcceptable,
  childPath,
  type OrganizationKind,
  type OrganizationLevel,
  type Role,
  rootPath,
  type Sector,
} from "@tuanwu/domain";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../app";
import type { Database, DatabaseHandle } from "../db/database";
import { userRole } from "../db/schema";
import { pinyinInitials } from "../lib/pinyin";
import { hashPassword } from "../modules/auth/auth.service";
import { systemActor } from "../modules/auth/system-actor";
import { type BulkMember, insertMembersWithHistory } from "../modules/members/member-bulk.repository";
import {
  allocateOrganizationIds,
  insertOrganizations,
} from "../modules/organizations/organization.repository";
import { insertUserAudited } from "../modules/users/user.service";
import { createTestDatabase } from "./test-database";

/** The password every test user gets. */
export const TEST_PASSWORD = "correct horse battery";

/** Creates one organization under `parent` (or a root) with sensible defaults. */
export async function createOrganizationRow(
  db: Database,
  values: {
    parent?: { id: number; path: string; depth: number } | undefined;
    kind?: OrganizationKind;
    level?: OrganizationLevel;
    sector?: Sector | null;
    name: string;
    shortName?: string | null;
    code?: string;
    divisionCode?: string | null;
  },
) {
  const [id] = await allocateOrganizationIds(db, 1);
  if (id === undefined) throw new Error("no id");
  const [row] = await insertOrganizations(db, [
    {
      id,
      parentId: values.parent?.id ?? null,
      path: values.parent ? childPath(values.parent.path, id) : rootPath(id),
      depth: values.parent ? values.parent.depth + 1 : 1,
      kind: values.kind ?? "committee",
      level: values.level ?? "grassroots",
      sector: values.sector === undefined ? "rural" : values.sector,
      name: values.name,
      shortName: values.shortName ?? null,
      nameInitials: pinyinInitials(values.shortName ?? values.name),
      code: values.code ?? `T-${id}`,
      divisionCode: values.divisionCode ?? null,
    },
  ]);
  if (!row) throw new Error("not inserted");
  return row;
}

/** The test county's organizations without members: 团测试县委, 东河镇 and 西河镇, three village branches. */
export async function createEmptyTestCounty(db: Database) {
  const county = await createOrganizationRow(db, {
    name: "共青团测试县委员会",
    shortName: "团测试县委",
    level: "county",
    sector: null,
    code: "990001",
  });
  const east = await createOrganizationRow(db, {
    parent: county,
    name: "共青团东河镇委员会",
    shortName: "东河镇团委",
    level: "township",
    code: "990001100",
  });
  const west = await createOrganizationRow(db, {
    parent: county,
    name: "共青团西河镇委员会",
    shortName: "西河镇团委",
    level: "township",
    code: "990001101",
  });
  const eastVillage1 = await createOrganizationRow(db, {
    parent: east,
    kind: "branch",
    name: "东一村团支部",
  });
  const eastVillage2 = await createOrganizationRow(db, {
    parent: east,
    kind: "branch",
    name: "东二村团支部",
  });
  const westVillage = await createOrganizationRow(db, { parent: west, kind: "branch", name: "西一村团支部" });
  return { county, east, west, eastVillage1, eastVillage2, westVillage };
}

/**
 * A small county for tests: 团测试县委 with two townships (东河镇, 西河镇), two village branches in
 * 东河镇 and one in 西河镇, and members in each branch.
 */
export async function createTestCounty(db: Database) {
  const { county, east, west, eastVillage1, eastVillage2, westVillage } = await createEmptyTestCounty(db);
  const members: BulkMember[] = [
    testMember(eastVillage1.id, "张三", "zs", "110105200501010016", "male"),
    testMember(eastVillage1.id, "李四", "ls", "110105200602020028", "female"),
    testMember(eastVillage2.id, "王五", "ww", "110105200703030030", "male"),
    testMember(westVillage.id, "赵六", "zl", "110105200804040047", "female"),
  ];
  await insertMembersWithHistory(db, members);
  return { county, east, west, eastVillage1, eastVillage2, westVillage };
}

/**
 * A member for `insertMembersWithHistory`: birth date from the citizen ID, joined at 15, member
 * number from the ID's sequence digits ("110105200501010016" → "9900012020000100"), phone
 * 13812345678, active unless `overrides` say otherwise.
 */
export function testMember(
  organizationId: number,
  name: string,
  nameInitials: string,
  citizenId: string,
  sex: "male" | "female",
  overrides: Partial<BulkMember> = {},
): BulkMember {
  const birthDate = `${citizenId.slice(6, 10)}-${citizenId.slice(10, 12)}-${citizenId.slice(12, 14)}`;
  return {
    organizationId,
    name,
    nameInitials,
    sex,
    ethnicity: "han",
    citizenId,
    birthDate,
    memberNumber: `99000120200${citizenId.slice(14, 17)}00`,
    joinedOn: `${Number(citizenId.slice(6, 10)) + 15}-05-04`,
    education: "senior_high",
    occupation: "farmer",
    politicalStatus: "league_member",
    phone: "13812345678",
    status: "active",
    statusSince: `${Number(citizenId.slice(6, 10)) + 15}-05-04`,
    ...overrides,
  };
}

/** Creates a user with a role at an organization (null for a system administrator). */
export async function createTestUser(
  db: Database,
  username: string,
  role: Role,
  organizationId: number | null,
) {
  // As createUser (policy check, insert, audit entry), but with the test password hashed once per test
  // worker: hashing it for every user cost ≈ 1 s each on a loaded CI machine, 5 per createTestApp.
  // Production code still hashes every password (createUser); argon2.verify at login is unchanged.
  assertPasswordAcceptable(TEST_PASSWORD, username);
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  return insertUserAudited(
    db,
    systemActor("test"),
    { username, displayName: username, role, organizationId },
    await testPasswordHash,
  );
}

/** The argon2id hash of TEST_PASSWORD, computed once per process by createTestUser. */
let testPasswordHash: Promise<string> | undefined;

/**
 * Creates a user who holds no role (as after every role was revoked): they can log in but have no
 * permission, so every authenticated route answers 403.
 */
export async function createUserWithoutRoles(db: Database, username: string, organizationId: number) {
  const id = await createTestUser(db, username, "member", organizationId);
  await db.delete(userRole).where(eq(userRole.userId, id));
  return id;
}

/** A logged-in client: the cookie header and CSRF token to pass to `app.inject`. */
export interface TestSession {
  cookie: string;
  csrfToken: string;
  headers: { cookie: string; "x-csrf-token": string };
}

/**
 * Logs a user in through the API and returns the cookie and CSRF token. `remoteAddress` is the
 * client address the login rate limit counts by (per address and user name).
 */
export async function logInAs(
  app: FastifyInstance,
  username: string,
  password = TEST_PASSWORD,
  remoteAddress = "127.0.0.1",
): Promise<TestSession> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username, password },
    remoteAddress,
  });
  if (response.statusCode !== 200) throw new Error(`login of ${username} failed: ${response.body}`);
  const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const csrfToken = (response.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrfToken, headers: { cookie, "x-csrf-token": csrfToken } };
}

/** Logs several users in at once: `const [east, member] = await logInEach(app, ["east", "member"])`. */
export async function logInEach<const Usernames extends readonly string[]>(
  app: FastifyInstance,
  usernames: Usernames,
): Promise<{ [Index in keyof Usernames]: TestSession }> {
  const sessions = await Promise.all(usernames.map((username) => logInAs(app, username)));
  return sessions as { [Index in keyof Usernames]: TestSession };
}

/** A test app on a fresh database with the small test county and one user per role. */
export async function createTestApp(): Promise<{
  app: FastifyInstance;
  handle: DatabaseHandle;
  db: Database;
  tree: Awaited<ReturnType<typeof createTestCounty>>;
  close: () => Promise<void>;
}> {
  const handle = await createTestDatabase();
  const tree = await createTestCounty(handle.db);
  await createTestUser(handle.db, "admin", "system_admin", null);
  await createTestUser(handle.db, "county", "org_admin", tree.county.id);
  await createTestUser(handle.db, "east", "org_admin", tree.east.id);
  await createTestUser(handle.db, "secretary", "branch_secretary", tree.eastVillage1.id);
  await createTestUser(handle.db, "member", "member", tree.eastVillage1.id);
  const app = await buildApp({
    db: handle.db,
    config: { sessionHours: 1, cookieSecure: false, loginAttemptsPerMinute: 5, webDist: false },
  });
  await app.ready();
  return {
    app,
    handle,
    db: handle.db,
    tree,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}
