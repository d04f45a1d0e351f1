import { createSeededRandom, type Random } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { expectMemberCadreFieldsDerived } from "../../test/cadre-factories";
import { findCitusClusterOfRun } from "../../test/citus-test-cluster";
import { createOrganizationRow, createTestCounty } from "../../test/factories";
import { citizenIdFor } from "../../test/member-factories";
import { buildRegistryWorkbook, registryRow, writeTemporaryFile } from "../../test/registry-factories";
import { createTestDatabase } from "../../test/test-database";
import { systemActor } from "../auth/system-actor";
import { createCadre, endCadre } from "../cadres/cadres.service";
import { decideStatusRequest, requestStatusChange } from "../member-status/member-status.service";
import { setReportedMemberCount } from "../members/member-completeness.service";
import { createMember, updateMember } from "../members/member-record.service";
import {
  createOrganization,
  moveOrganization,
  updateOrganization,
} from "../organizations/organization.service";
import { importMembers } from "../registry/registry-import.service";
import { seedDemo } from "../seed/demo-seed.service";
import {
  type CountedOrganization,
  countPendingDeltas,
  readMemberFigures,
  readOrganizationFigures,
  recountMemberFigures,
  recountOrganizationFigures,
} from "./member-count.repository";
import { foldMemberCountDeltas, rebuildMemberCounts } from "./member-count.service";
import { readReportedCounts, recountReportedCount } from "./reported-count.repository";
import { getSubtreeStats } from "./stats.service";
import { getSubtreeStatsNaive } from "./stats-naive.service";

/**
 * The proof of issue 4 part 3: after random sequences of writes through the real services — member
 * creation, record edits, status changes with review, imports, organization creation, moves and sector
 * changes, the demo seed — with folds at random points or none, the fast figures (counters + pending
 * deltas) of EVERY organization equal a full recount from member, a rebuild changes no counter, and
 * the dashboard equals the naive GROUPING SETS query on a month-end. Seeded (domain createSeededRandom, mulberry32): a failure
 * names its seed and step; rerun one seed with TUANWU_PROOF_SEED=n.
 */

const TODAY = "2025-06-30"; // a month-end: birth-month age bands are exact, so fast = naive exactly
const actor = systemActor("proof");
const decider = systemActor("proof-reviewer");

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

type OrganizationRow = CountedOrganization & { name: string; parentId: number | null };

async function allOrganizations(db: Database): Promise<OrganizationRow[]> {
  const rows = await queryRows<OrganizationRow & { parent_id: number | null }>(
    db,
    sql`select id, path, kind, sector, depth, name, parent_id from organization order by id`,
  );
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    parentId: row.parent_id,
    depth: Number(row.depth),
  }));
}

function figureMap(rows: { status?: string; dimension: string; value: string; count: number }[]) {
  const map = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.status ?? ""}|${row.dimension}|${row.value}`;
    map.set(key, (map.get(key) ?? 0) + Number(row.count));
  }
  return Object.fromEntries([...map].filter(([, count]) => count !== 0).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Every organization: fast figures = recount (members and organizations). */
async function expectFastEqualsRecount(db: Database, label: string): Promise<void> {
  for (const organization of await allOrganizations(db)) {
    const fast = figureMap(await readMemberFigures(db, organization));
    const recount = figureMap(await recountMemberFigures(db, organization.path));
    expect(fast, `${label}: members of ${organization.name} (${organization.path})`).toEqual(recount);
    const fastOrganizations = figureMap(await readOrganizationFigures(db, organization));
    const recountOrganizations = figureMap(await recountOrganizationFigures(db, organization.path));
    expect(fastOrganizations, `${label}: organizations of ${organization.name}`).toEqual(
      recountOrganizations,
    );
  }
  // 应录入数 per subtree (organization_reported_count, issue 18 part 1) = the sum over the subtree.
  const organizations = await allOrganizations(db);
  const reported = await readReportedCounts(db, organizations);
  for (const organization of organizations) {
    expect(reported.get(organization.id), `${label}: 应录入数 of ${organization.name}`).toBe(
      await recountReportedCount(db, organization.path),
    );
  }
}

/**
 * Sets or clears 应录入数 of one organization through the service, chosen by `step` (not by the run's
 * random source, so the seeds' write sequences stay as they were): every 3rd step, every 9th clears.
 */
async function writeReportedCount(db: Database, step: number): Promise<string | null> {
  if (step % 3 !== 0) return null;
  const organizations = await allOrganizations(db);
  const target = organizations[(step * 7) % organizations.length] as OrganizationRow;
  const count = step % 9 === 0 ? null : 10 + step;
  await setReportedMemberCount(db, actor, target.id, count);
  return `应录入数 of ${target.name} → ${count}`;
}

/** The counters after a fold equal a rebuild from scratch (and the rebuild leaves nothing pending). */
async function expectCountersEqualRebuild(db: Database, label: string): Promise<void> {
  await foldMemberCountDeltas(db);
  const counters = async () =>
    figureMap(
      (
        await queryRows<{
          organization_id: number;
          status: string;
          dimension: string;
          value: string;
          count: number;
        }>(db, sql`select organization_id, status, dimension, value, count from member_count`)
      ).map((row) => ({ ...row, status: `${row.organization_id}|${row.status}` })),
    );
  const reported = async () =>
    queryRows<{ organization_id: number; reported: number; reporting: number }>(
      db,
      sql`select organization_id, reported, reporting from organization_reported_count
           where reporting <> 0 or reported <> 0 order by organization_id`,
    );
  const folded = await counters();
  const reportedBefore = await reported();
  await rebuildMemberCounts(db);
  expect(await countPendingDeltas(db)).toBe(0);
  expect(await counters(), `${label}: counters after a fold = a rebuild`).toEqual(folded);
  expect(await reported(), `${label}: 应录入数 sums = a rebuild`).toEqual(reportedBefore);
}

/** The state of a random run: the members created so far and a counter for unique numbers. */
interface RunState {
  random: Random;
  memberIds: number[];
  sequence: number;
}

const EDUCATIONS = ["junior_high", "senior_high", "bachelor", "master"] as const;
const OCCUPATIONS = [
  "student",
  "farmer",
  "state_enterprise_employee",
  "public_sector_employee",
  "freelancer",
] as const;
const SECTORS = ["rural", "community", "agency", "non_public_enterprise", null] as const;

function randomBirthDate(random: Random): string {
  const year = 1996 + Math.floor(random() * 14);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function randomRecord(state: RunState) {
  const { random } = state;
  state.sequence += 1;
  const birthDate = randomBirthDate(random);
  const male = random() < 0.5;
  const sequence = String((state.sequence % 400) * 2 + (male ? 1 : 2)).padStart(3, "0");
  return {
    name: `测试${state.sequence}`,
    sex: male ? "male" : "female",
    birthDate,
    citizenId: citizenIdFor(birthDate, sequence),
    idDocumentType: "resident_id_card",
    ethnicity: random() < 0.8 ? "han" : "zhuang",
    joinedOn: `${Number(birthDate.slice(0, 4)) + 15}-05-04`,
    phone: "13900001111",
    // Three records in four complete (信息完整率's counter dimension), without drawing from `random`.
    memberNumber: state.sequence % 4 === 0 ? null : `99000120210${String(state.sequence).padStart(5, "0")}`,
    education: pick(random, EDUCATIONS),
    occupation: pick(random, OCCUPATIONS),
    politicalStatus: "league_member",
  } as const;
}

/**
 * 是否团干部 is a view of the cadre records (issue 13 part 1): the member is appointed to a post at
 * their branch through the cadre service, or their open post is ended — the trigger of migration 0018
 * changes is_cadre, a counter dimension, in the same transaction.
 */
async function toggleCadre(db: Database, state: RunState, memberId: number): Promise<string> {
  const [open] = await queryRows<{ id: number }>(
    db,
    sql`select id from cadre where member_id = ${memberId} and ended_on is null limit 1`,
  );
  if (open) {
    await endCadre(db, actor, Number(open.id), TODAY);
    return "end cadre";
  }
  const [row] = await queryRows<{ organization_id: number }>(
    db,
    sql`select organization_id from member where id = ${memberId}`,
  );
  await createCadre(db, actor, Number(row?.organization_id), {
    memberId,
    post: pick(state.random, ["committee_member", "other", "secretary"] as const),
    kind: pick(state.random, ["part_time", "full_time"] as const),
    startedOn: TODAY,
  });
  return "appoint cadre";
}

/** One random write through a real service; refusals by the domain's rules are part of the game. */
async function randomWrite(db: Database, state: RunState, step: number): Promise<string> {
  const { random } = state;
  const organizations = await allOrganizations(db);
  const branches = organizations.filter((row) => row.kind === "branch");
  const committees = organizations.filter((row) => row.kind === "committee");
  const roll = random();
  try {
    if (roll < 0.25 || state.memberIds.length < 3) {
      const branch = pick(random, branches);
      state.memberIds.push(await createMember(db, actor, branch.id, randomRecord(state) as never, TODAY));
      return "create member";
    }
    const memberId = pick(random, state.memberIds);
    if (roll < 0.45) {
      const fresh = randomRecord(state);
      const change = pick(random, [
        "education",
        "occupation",
        "birth",
        "cadre",
        "branch",
        "contact",
      ] as const);
      const patch =
        change === "education"
          ? { education: fresh.education }
          : change === "contact"
            ? // 信息完整率's counter dimension (migration 0029): a required field emptied or filled in
              pick(random, [
                { phone: null },
                { phone: fresh.phone },
                { education: null },
                { ethnicity: null },
              ])
            : change === "occupation"
              ? { occupation: fresh.occupation }
              : change === "birth"
                ? {
                    sex: fresh.sex,
                    birthDate: fresh.birthDate,
                    citizenId: fresh.citizenId,
                    joinedOn: fresh.joinedOn,
                  }
                : { organizationId: pick(random, branches).id };
      if (change === "cadre") return await toggleCadre(db, state, memberId);
      await updateMember(db, actor, memberId, patch as never, TODAY);
      return `edit ${change}`;
    }
    if (roll < 0.6) {
      const toStatus = pick(random, ["lapsed", "withdrawn", "flowing", "active", "expelled"] as const);
      const request = await requestStatusChange(
        db,
        actor,
        memberId,
        {
          toStatus,
          reason: "随机测试 proof",
          effectiveOn: TODAY,
          ...(toStatus === "active" ? { targetOrganizationId: pick(random, branches).id } : {}),
        },
        TODAY,
      );
      const requestId = request.request?.id;
      if (typeof requestId === "number") {
        await decideStatusRequest(db, decider, requestId, { decision: "approve" }, TODAY);
      }
      return `status → ${toStatus}`;
    }
    if (roll < 0.68) {
      const rows = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
        state.sequence += 1;
        return registryRow(state.sequence % 9_000, {
          姓名: `导入${state.sequence}`,
          所在团支部: pick(
            random,
            branches.filter((row) => row.name.endsWith("村团支部")),
          ).name,
        });
      });
      const file = await writeTemporaryFile(await buildRegistryWorkbook({ rows }));
      const county = organizations.find((row) => row.parentId === null) as OrganizationRow;
      await importMembers(db, actor, county.id, file, { dryRun: false, today: TODAY });
      return `import ${rows.length}`;
    }
    if (roll < 0.78) {
      const node = pick(random, [...branches, ...committees.filter((row) => row.parentId !== null)]);
      const parents = committees.filter((row) => !row.path.startsWith(node.path) && row.id !== node.parentId);
      if (parents.length === 0) return "no move";
      await moveOrganization(db, actor, node.id, { newParentId: pick(random, parents).id });
      return `move ${node.name}`;
    }
    if (roll < 0.88) {
      const node = pick(random, organizations);
      await updateOrganization(db, actor, node.id, { sector: pick(random, SECTORS) } as never);
      return `sector of ${node.name}`;
    }
    const parent = pick(random, committees);
    await createOrganization(db, actor, {
      parentId: parent.id,
      kind: "branch",
      level: "grassroots",
      sector: pick(random, SECTORS),
      name: `新村${step}团支部`,
    } as never);
    return `create branch under ${parent.name}`;
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== undefined && status >= 400 && status < 500) return `refused (${(error as Error).message})`;
    throw error;
  }
}

async function buildTree(db: Database) {
  const tree = await createTestCounty(db);
  const school = await createOrganizationRow(db, {
    parent: tree.county,
    name: "测试中学团委",
    sector: "secondary_school",
  });
  const grade = await createOrganizationRow(db, {
    parent: school,
    kind: "general_branch",
    name: "高一团总支",
    sector: "secondary_school",
  });
  await createOrganizationRow(db, { parent: grade, kind: "branch", name: "高一1班团支部", sector: null });
  await createOrganizationRow(db, { parent: grade, kind: "branch", name: "高一2班团支部", sector: null });
  await createOrganizationRow(db, { parent: tree.west, kind: "branch", name: "西二村团支部" });
  return tree;
}

// A seeded run checks every organization after each of 40 steps; on a Citus coordinator each check
// fans out over the shards (seed 1 took over 120 s there at load ≈ 25 on 2 cores, 2026-12-07).
const SEED_TIMEOUT_MS = 300_000;

const SEEDS = process.env.TUANWU_PROOF_SEED ? [Number(process.env.TUANWU_PROOF_SEED)] : [1, 2, 3];

describe("subtree counters = a full recount after random writes (issue 4 part 3)", () => {
  for (const seed of SEEDS) {
    it(
      `seed ${seed}: every organization, after every step, folded at random points`,
      async () => {
        const handle = await createTestDatabase();
        try {
          const { db } = handle;
          await buildTree(db);
          const state: RunState = { random: createSeededRandom(seed), memberIds: [], sequence: seed * 1_000 };
          const log: string[] = [];
          for (let step = 1; step <= 40; step += 1) {
            log.push(`${step}: ${await randomWrite(db, state, step)}`);
            const reportedWrite = await writeReportedCount(db, step);
            if (reportedWrite) log.push(`${step}: ${reportedWrite}`);
            if (state.random() < 0.3) {
              await foldMemberCountDeltas(db);
              log.push(`${step}: fold`);
            }
            await expectFastEqualsRecount(db, `seed ${seed}, after ${log.slice(-3).join("; ")}`);
            await expectMemberCadreFieldsDerived(db, `seed ${seed}, after ${log.slice(-3).join("; ")}`);
          }
          if (process.env.TUANWU_PROOF_LOG) console.log(log.join("\n"));
          // The run must mostly write, not be refused.
          expect(log.filter((line) => line.includes("refused")).length).toBeLessThan(15);
          const root = (await allOrganizations(db)).find((row) => row.parentId === null) as OrganizationRow;
          const fast = await getSubtreeStats(db, actor, root.id, TODAY);
          const naive = await getSubtreeStatsNaive(db, actor, root.id, TODAY);
          expect(fast, `seed ${seed}: dashboard = naive query`).toEqual(naive);
          await expectCountersEqualRebuild(db, `seed ${seed}`);
          await expectFastEqualsRecount(db, `seed ${seed}, after the rebuild`);
        } finally {
          await handle.close();
        }
      },
      SEED_TIMEOUT_MS,
    );
  }

  it("never folded: the figures are the pending deltas alone", async () => {
    const handle = await createTestDatabase();
    try {
      const { db } = handle;
      await buildTree(db);
      const state: RunState = { random: createSeededRandom(99), memberIds: [], sequence: 99_000 };
      for (let step = 1; step <= 25; step += 1) {
        await randomWrite(db, state, step);
        await writeReportedCount(db, step);
      }
      expect(await countPendingDeltas(db)).toBeGreaterThan(0);
      await expectFastEqualsRecount(db, "never folded");
      await expectCountersEqualRebuild(db, "never folded");
    } finally {
      await handle.close();
    }
  }, 120_000);
});

// The demo seed and its recount of 385 organizations: on a Citus coordinator every statement of the seed's
// services and every organization's check goes through the coordinator and fans out over the shards (the
// seed took 12.5 min, the recount over 4 min there at load ≈ 30 on 2 cores, 2026-12-07).
const DEMO_TIMEOUT_MS = 900_000;

// On the cluster the demo part runs on request (TUANWU_CITUS_DEMO_RECOUNT=1): it passed there (4/4,
// 2026-12-07, docs/SCALING.md "Recount-equality test on the cluster"), but at 15–20 min it alone would
// take .ci/run past its 60 minutes on these 2 cores. CI's Citus phase runs the random writes of seed 1.
const demoSkipReason =
  process.env.TUANWU_CITUS_DEMO_RECOUNT !== "1" && (await findCitusClusterOfRun())
    ? "on Citus the demo seed's recount runs with TUANWU_CITUS_DEMO_RECOUNT=1 (15–20 min)"
    : null;
if (demoSkipReason)
  console.log(`member-count.consistency.test.ts: the demo part skipped — ${demoSkipReason}`);

describe.skipIf(demoSkipReason !== null)("the demo seed (旺苍县, 385 organizations, 20,000 members)", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
    await seedDemo(handle, systemActor("test"), { password: "demo-password-1" });
  }, DEMO_TIMEOUT_MS);
  afterAll(async () => {
    await handle.close();
  });

  it(
    "gives counters equal to a recount for every organization, before and after folding",
    async () => {
      const { db } = handle;
      await expectFastEqualsRecount(db, "demo, pending");
      await foldMemberCountDeltas(db);
      expect(await countPendingDeltas(db)).toBe(0);
      await expectFastEqualsRecount(db, "demo, folded");
      await expectCountersEqualRebuild(db, "demo");
      await expectMemberCadreFieldsDerived(db, "demo");
    },
    DEMO_TIMEOUT_MS,
  );

  it("gives the county's dashboard equal to the naive query on a month-end", async () => {
    const { db } = handle;
    const county = (await allOrganizations(db)).find((row) => row.parentId === null) as OrganizationRow;
    const fast = await getSubtreeStats(db, actor, county.id, TODAY);
    expect(fast).toEqual(await getSubtreeStatsNaive(db, actor, county.id, TODAY));
    expect(fast.totalMembers).toBeGreaterThan(10_000);
  }, 60_000);
});
