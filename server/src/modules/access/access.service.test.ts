import { permissionsOfRoles, type Role } from "@tuanwu/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { cadre, evaluationRound, member, plan, planTask } from "../../db/schema";
import { HttpError } from "../../lib/http-errors";
import { createTestCounty } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import type { Actor } from "../auth/actor";
import { ACCESS_KINDS, type AccessKind } from "./access.repository";
import { type AccessRequest, checkAccess, requireAccess, requireFound } from "./access.service";

/**
 * The access entry point on a real database: actor × permission × ids → the allowed subset, 404
 * (missing or outside the scope, before any permission question) or 403 (the role lacks the permission).
 */

let handle: DatabaseHandle;
let tree: Awaited<ReturnType<typeof createTestCounty>>;
const ids = {
  zhangSan: 0, // 东一村团支部
  zhaoLiu: 0, // 西一村团支部
  countyPlan: 0,
  eastPlan: 0,
  countyTask: 0,
  eastTask: 0,
  countyRound: 0,
  eastRound: 0,
  eastCadre: 0,
  westCadre: 0,
};

function actor(role: Role, scopePath: string | null): Actor {
  return {
    userId: 1,
    username: role,
    displayName: role,
    roles: [{ role, organizationId: null, organizationName: null, path: scopePath }],
    permissions: new Set(permissionsOfRoles([role])),
    scopePaths: scopePath === null ? null : [scopePath],
  };
}

async function insertPlanWithTask(organizationId: number) {
  const [row] = await handle.db.insert(plan).values({ organizationId, title: "实施方案" }).returning();
  if (!row) throw new Error("no plan");
  const [task] = await handle.db
    .insert(planTask)
    .values({ planId: row.id, number: 1, title: "任务", text: "任务", path: [], units: [] })
    .returning();
  if (!task) throw new Error("no task");
  return { planId: row.id, taskId: task.id };
}

async function insertRound(organizationId: number) {
  const [row] = await handle.db
    .insert(evaluationRound)
    .values({ organizationId, name: "评估", startsOn: "2026-01-01", endsOn: "2026-12-31" })
    .returning();
  if (!row) throw new Error("no round");
  return row.id;
}

async function insertCadre(organizationId: number) {
  const [row] = await handle.db
    .insert(cadre)
    .values({
      organizationId,
      name: "干部",
      gender: "female",
      birthDate: "1998-01-01",
      post: "secretary",
      kind: "part_time",
      startedOn: "2025-01-01",
    })
    .returning();
  if (!row) throw new Error("no cadre");
  return row.id;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  tree = await createTestCounty(handle.db);
  const members = await handle.db.select({ id: member.id, name: member.name }).from(member);
  ids.zhangSan = members.find((row) => row.name === "张三")?.id ?? 0;
  ids.zhaoLiu = members.find((row) => row.name === "赵六")?.id ?? 0;
  const countyPlan = await insertPlanWithTask(tree.county.id);
  const eastPlan = await insertPlanWithTask(tree.east.id);
  ids.countyPlan = countyPlan.planId;
  ids.countyTask = countyPlan.taskId;
  ids.eastPlan = eastPlan.planId;
  ids.eastTask = eastPlan.taskId;
  ids.countyRound = await insertRound(tree.county.id);
  ids.eastRound = await insertRound(tree.east.id);
  ids.eastCadre = await insertCadre(tree.east.id);
  ids.westCadre = await insertCadre(tree.westVillage.id);
});
afterAll(async () => handle.close());

type Who = "admin" | "countyAdmin" | "eastAdmin" | "secretary" | "westEvaluator" | "member";

function who(name: Who): Actor {
  switch (name) {
    case "admin":
      return actor("system_admin", null);
    case "countyAdmin":
      return actor("org_admin", tree.county.path);
    case "eastAdmin":
      return actor("org_admin", tree.east.path);
    case "secretary":
      return actor("branch_secretary", tree.eastVillage1.path);
    case "westEvaluator":
      return actor("evaluator", tree.west.path);
    case "member":
      return actor("member", tree.eastVillage1.path);
  }
}

/** Ids by name, resolved after the rows exist. */
type Name =
  | "county"
  | "east"
  | "west"
  | "eastVillage1"
  | "westVillage"
  | "zhangSan"
  | "zhaoLiu"
  | "countyPlan"
  | "eastPlan"
  | "countyTask"
  | "eastTask"
  | "countyRound"
  | "eastRound"
  | "eastCadre"
  | "westCadre"
  | "missing";

function idOf(name: Name): number {
  if (name === "missing") return 999_999;
  if (name in ids) return ids[name as keyof typeof ids];
  return tree[name as "county" | "east" | "west" | "eastVillage1" | "westVillage"].id;
}

function requestOf(permission: AccessRequest["permission"], kind: AccessKind, names: readonly Name[]) {
  return { permission, kind, ids: names.map(idOf) };
}

async function outcome(run: () => Promise<{ id: number }[]>): Promise<number[] | 403 | 404> {
  try {
    return (await run()).map((target) => target.id);
  } catch (error) {
    if (error instanceof HttpError && (error.status === 403 || error.status === 404)) return error.status;
    throw error;
  }
}

describe("requireAccess", () => {
  const cases: [Who, AccessRequest["permission"], AccessKind, Name[], Name[] | 403 | 404][] = [
    ["eastAdmin", "organization:read", "organization", ["east", "eastVillage1"], ["east", "eastVillage1"]],
    ["eastAdmin", "organization:read", "organization", ["east", "east"], ["east"]],
    ["eastAdmin", "organization:read", "organization", ["county"], 404],
    ["eastAdmin", "organization:read", "organization", ["east", "west"], 404],
    ["eastAdmin", "organization:write", "organization", ["missing"], 404],
    ["admin", "organization:write", "organization", ["county", "westVillage"], ["county", "westVillage"]],
    ["member", "organization:read", "organization", ["eastVillage1"], ["eastVillage1"]],
    ["member", "organization:write", "organization", ["eastVillage1"], 403],
    ["member", "organization:write", "organization", ["east"], 404],
    ["secretary", "member:write", "member", ["zhangSan"], ["zhangSan"]],
    ["secretary", "member:write", "member", ["zhaoLiu"], 404],
    ["member", "member:read", "member", ["zhangSan"], 403],
    ["member", "member:read", "member", ["zhaoLiu"], 404],
    ["admin", "member:read", "member", ["missing"], 404],
    ["countyAdmin", ["member:read", "member:export_full"], "organization", ["county"], ["county"]],
    ["secretary", ["member:read", "member:export_full"], "organization", ["eastVillage1"], 403],
    [
      "secretary",
      ["member:read", "member:read_personal"],
      "organization",
      ["eastVillage1"],
      ["eastVillage1"],
    ],
    ["eastAdmin", "plan:read", "plan", ["eastPlan"], ["eastPlan"]],
    ["eastAdmin", "plan:read", "plan", ["countyPlan"], 404],
    ["secretary", "plan:write", "plan", ["eastPlan"], 404],
    ["countyAdmin", "plan:review", "plan_task", ["eastTask", "countyTask"], ["eastTask", "countyTask"]],
    ["eastAdmin", "plan:write", "plan_task", ["countyTask"], 404],
    ["westEvaluator", "plan:read", "plan_task", ["eastTask"], 404],
    ["eastAdmin", "plan:read", "evaluation_round", ["countyRound"], ["countyRound"]],
    ["westEvaluator", "plan:evaluate", "evaluation_round", ["countyRound"], ["countyRound"]],
    ["westEvaluator", "plan:evaluate", "evaluation_round", ["eastRound"], 404],
    ["westEvaluator", "plan:write", "evaluation_round", ["countyRound"], 403],
    ["member", "plan:read", "evaluation_round", ["countyRound"], 403],
    ["countyAdmin", "cadre:write", "cadre", ["eastCadre", "westCadre"], ["eastCadre", "westCadre"]],
    ["eastAdmin", "cadre:read", "cadre", ["eastCadre"], ["eastCadre"]],
    ["eastAdmin", "cadre:read", "cadre", ["westCadre"], 404],
    ["secretary", "cadre:read", "cadre", ["eastCadre"], 404],
    ["member", "cadre:read", "organization", ["eastVillage1"], 403],
    ["secretary", "cadre:write", "organization", ["eastVillage1"], 403],
  ];

  it.each(cases)("%s %j on %s %j → %j", async (name, permission, kind, names, expected) => {
    const result = await outcome(() =>
      requireAccess(handle.db, who(name), requestOf(permission, kind, names)),
    );
    expect(result).toEqual(typeof expected === "number" ? expected : expected.map(idOf));
  });

  it("checks the permission even when no id is given", async () => {
    expect(
      await outcome(() => requireAccess(handle.db, who("member"), requestOf("plan:read", "plan", []))),
    ).toBe(403);
    expect(
      await outcome(() => requireAccess(handle.db, who("eastAdmin"), requestOf("plan:read", "plan", []))),
    ).toEqual([]);
  });

  it.each(ACCESS_KINDS)("answers 404 for a missing %s, even to a system administrator", async (kind) => {
    expect(
      await outcome(() => requireAccess(handle.db, who("admin"), requestOf("plan:read", kind, ["missing"]))),
    ).toBe(404);
  });

  it("returns each object's organization path", async () => {
    const [task] = await requireAccess(
      handle.db,
      who("eastAdmin"),
      requestOf("plan:read", "plan_task", ["eastTask"]),
    );
    expect(task).toEqual({ id: ids.eastTask, path: tree.east.path });
    const [zhangSan] = await requireAccess(
      handle.db,
      who("secretary"),
      requestOf("member:read", "member", ["zhangSan"]),
    );
    expect(zhangSan?.path).toBe(tree.eastVillage1.path);
  });
});

describe("checkAccess", () => {
  const cases: [Who, AccessRequest["permission"], AccessKind, Name[], Name[]][] = [
    [
      "eastAdmin",
      "organization:read",
      "organization",
      ["county", "east", "west", "eastVillage1", "missing", "east"],
      ["east", "eastVillage1"],
    ],
    ["admin", "organization:read", "organization", ["west", "county", "missing"], ["west", "county"]],
    ["member", "member:read", "member", ["zhangSan", "zhaoLiu"], []],
    ["secretary", "member:read", "member", ["zhaoLiu", "zhangSan"], ["zhangSan"]],
    ["westEvaluator", "plan:evaluate", "evaluation_round", ["countyRound", "eastRound"], ["countyRound"]],
    ["westEvaluator", "plan:evaluate", "plan_task", ["countyTask", "eastTask"], []],
    ["countyAdmin", "plan:evaluate", "plan_task", ["countyTask", "eastTask"], ["countyTask", "eastTask"]],
  ];

  it.each(cases)(
    "%s %j on %s %j → the allowed subset %j",
    async (name, permission, kind, names, expected) => {
      const allowed = await checkAccess(handle.db, who(name), requestOf(permission, kind, names));
      expect(allowed.map((target) => target.id)).toEqual(expected.map(idOf));
    },
  );
});

describe("requireFound", () => {
  it("passes a row through and answers 404 naming the kind for a missing one", () => {
    expect(requireFound({ id: 1 }, "plan_task")).toEqual({ id: 1 });
    expect(() => requireFound(undefined, "plan_task")).toThrow(
      expect.objectContaining({ status: 404, code: "not_found" }),
    );
  });
});
