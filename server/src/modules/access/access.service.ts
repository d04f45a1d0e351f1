import { isHigherCommitteeScope, type Permission } from "@tuanwu/domain";
import type { Executor } from "../../db/database";
import { forbidden, notFound } from "../../lib/http-errors";
import { type Actor, isPathInScope } from "../auth/actor";
import { type AccessKind, type AccessTarget, findAccessTargets } from "./access.repository";

export type { AccessKind, AccessTarget } from "./access.repository";

/**
 * One access check (style.md "Authorization"): the actor, the permission (or permissions, all
 * required) the action needs, and the ids of the objects of one kind it touches.
 */
export interface AccessRequest {
  permission: Permission | readonly Permission[];
  kind: AccessKind;
  ids: readonly number[];
}

/**
 * How each kind is named in a 404 and which objects a scope reaches. "subtree": objects at an
 * organization inside one of the actor's scope roots. "either_side" (a transfer, between a sending and
 * a receiving organization): objects either of whose organizations lies in the scope — what each side
 * then sees of the member is narrowed by the service (masked until the receiving side accepts). "overlap" (evaluation rounds, held at a city
 * and scored by a county's evaluator): objects whose organization's subtree overlaps the scope —
 * what the actor then sees in it is narrowed to their scope by the service (issue 5 part 5).
 */
const KIND_RULES: Readonly<
  Record<AccessKind, { noun: string; scope: "subtree" | "overlap" | "either_side" }>
> = {
  organization: { noun: "组织", scope: "subtree" },
  member: { noun: "团员", scope: "subtree" },
  member_attachment: { noun: "附件", scope: "subtree" },
  plan: { noun: "实施方案", scope: "subtree" },
  plan_task: { noun: "任务", scope: "subtree" },
  plan_target: { noun: "目标", scope: "subtree" },
  plan_unit: { noun: "责任单位", scope: "subtree" },
  plan_close_out: { noun: "销号申请", scope: "subtree" },
  plan_attachment: { noun: "附件", scope: "subtree" },
  evaluation_round: { noun: "评估轮次", scope: "overlap" },
  development_application: { noun: "入团申请", scope: "subtree" },
  member_transfer: { noun: "转接申请", scope: "either_side" },
  youth_home: { noun: "青年之家", scope: "subtree" },
  activity: { noun: "活动", scope: "subtree" },
  volunteer_shift: { noun: "志愿服务班次", scope: "subtree" },
  volunteer_record: { noun: "志愿服务记录", scope: "subtree" },
  survey: { noun: "问卷", scope: "subtree" },
  cadre: { noun: "团干部", scope: "subtree" },
  organization_term: { noun: "届期", scope: "subtree" },
  training_round: { noun: "轮训", scope: "subtree" },
  review_session: { noun: "述职评议", scope: "subtree" },
  deputy: { noun: "团代表", scope: "subtree" },
  liaison_station: { noun: "联络站", scope: "subtree" },
  contact_log: { noun: "联系记录", scope: "subtree" },
  meeting: { noun: "会议", scope: "subtree" },
  education_review_campaign: { noun: "教育评议", scope: "subtree" },
  branch_education_review: { noun: "支部评议", scope: "subtree" },
  registration_campaign: { noun: "团籍注册", scope: "subtree" },
  party_recommendation: { noun: "推优入党", scope: "subtree" },
  star_rating: { noun: "评星定级", scope: "subtree" },
};

/**
 * Whether the subtree rooted at `rootPath` overlaps the actor's scope: the root lies in the scope, or
 * one of the actor's scope roots lies inside the subtree (a county's evaluator and the city's round).
 */
export function overlapsScope(actor: Actor, rootPath: string): boolean {
  if (actor.scopePaths === null) return true;
  return actor.scopePaths.some((root) => rootPath.startsWith(root) || root.startsWith(rootPath));
}

function reaches(actor: Actor, kind: AccessKind, target: AccessTarget): boolean {
  const scope = KIND_RULES[kind].scope;
  if (scope === "overlap") return overlapsScope(actor, target.path);
  if (scope === "either_side" && target.counterpartPath) {
    return isPathInScope(actor, target.path) || isPathInScope(actor, target.counterpartPath);
  }
  return isPathInScope(actor, target.path);
}

function holdsPermissions(actor: Actor, permission: AccessRequest["permission"]): boolean {
  const required: readonly Permission[] = typeof permission === "string" ? [permission] : permission;
  return required.every((each) => actor.permissions.has(each));
}

function distinct(ids: readonly number[]): number[] {
  return [...new Set(ids)];
}

/**
 * The objects of `request.ids` the actor may act on: those that exist, lie in the actor's scope
 * (see KIND_RULES) and — when the actor's roles grant every permission of `request.permission` —
 * all of them; none when they do not. In the order of `ids`, without duplicates. Never throws: for
 * narrowing a list (a breadcrumb's ancestors, the tasks of a scoring sheet). One statement.
 */
export async function checkAccess(
  db: Executor,
  actor: Actor,
  request: AccessRequest,
): Promise<AccessTarget[]> {
  if (!holdsPermissions(actor, request.permission)) return [];
  const ids = distinct(request.ids);
  const found = new Map(
    (await findAccessTargets(db, request.kind, ids)).map((target) => [target.id, target]),
  );
  return ids.flatMap((id) => {
    const target = found.get(id);
    return target && reaches(actor, request.kind, target) ? [target] : [];
  });
}

/**
 * The one access entry point of every service (modelled on Immich's `requireAccess`): every id of
 * `request.ids` must exist and lie in the actor's scope, else 404 naming the kind (不存在或不在您的管理范围内:
 * outside the scope is indistinguishable from missing); then the actor's roles must grant every
 * permission of `request.permission`, else 403. Returns the objects with their organization paths,
 * in the order of `ids`, without duplicates. Rules beyond scope and permission (a higher committee
 * decides, the root of one's own scope cannot be moved) stay in the module's policy file.
 * One statement; give it the transaction's executor to check what the transaction sees.
 * @throws HttpError 404 not_found, 403 forbidden.
 */
export async function requireAccess(
  db: Executor,
  actor: Actor,
  request: AccessRequest,
): Promise<AccessTarget[]> {
  const ids = distinct(request.ids);
  const found = new Map(
    (await findAccessTargets(db, request.kind, ids)).map((target) => [target.id, target]),
  );
  return requireLoadedAccess(actor, request, (id) => found.get(id));
}

/**
 * {@link requireAccess} for a hot path that has already read the objects' organization paths in the
 * statement that reads their data (the live dashboard: one statement per request). `lookup` gives an
 * id's object, or undefined when it does not exist. Same rule, same errors.
 * @throws HttpError 404 not_found, 403 forbidden.
 */
export function requireLoadedAccess(
  actor: Actor,
  request: AccessRequest,
  lookup: (id: number) => AccessTarget | undefined,
): AccessTarget[] {
  const targets = distinct(request.ids).map((id) => {
    const target = lookup(id);
    if (!target || !reaches(actor, request.kind, target)) throw notFound(KIND_RULES[request.kind].noun);
    return target;
  });
  if (!holdsPermissions(actor, request.permission)) throw forbidden();
  return targets;
}

/**
 * `row` — an object read by the service around its access check — or 404 naming `kind` when it is
 * missing (it does not exist, or was deleted meanwhile).
 * @throws HttpError 404 not_found.
 */
export function requireFound<T>(row: T | undefined, kind: AccessKind): T {
  if (row === undefined) throw notFound(KIND_RULES[kind].noun);
  return row;
}

/**
 * The higher committee's step of a reviewed workflow (approving a member's status change, correction,
 * application form or verification — domain.md §2): one of the actor's scope roots must lie strictly
 * above the organization at `path` (a whole-tree scope does). Call after requireAccess.
 * @throws HttpError 403 for a branch's own secretary or anyone whose scope is not strictly above it.
 */
export function assertHigherCommittee(actor: Actor, path: string): void {
  if (actor.scopePaths === null) return;
  if (!actor.scopePaths.some((root) => isHigherCommitteeScope(root, path))) throw forbidden();
}
