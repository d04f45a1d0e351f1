import {
  DomainError,
  domainErrorFromIssues,
  MEMBER_STATUS_LABELS,
  mobileBranchReminder,
} from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { forbidden, HttpError, notFound } from "../../lib/http-errors";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import { type Actor, isPathInScope } from "../auth/actor";
import { violatedConstraint } from "../members/member-constraints";
import {
  endFlow,
  type FlowRow,
  findBatchMembers,
  findFlow,
  findOpenFlows,
  findOrganizationsByIds,
  insertFlow,
} from "./transfer-season.repository";
import { endFlowSchema, startFlowSchema } from "./transfer-season.schemas";

/** Most open flows a list answers. */
export const FLOW_LIST_LIMIT = 500;

/** A 流动团员 as the API shows it, with its reminder state on `today`. */
export function flowView(row: FlowRow, today: string) {
  return {
    id: Number(row.id),
    memberId: Number(row.memberId),
    memberName: row.memberName,
    outflowOrganizationId: row.outflowOrganizationId,
    outflowName: row.outflowName,
    inflowOrganizationId: row.inflowOrganizationId,
    inflowName: row.inflowName,
    since: row.since,
    until: row.until,
    endedOn: row.endedOn,
    reminder: row.endedOn === null ? mobileBranchReminder(row.until, today) : ("none" as const),
  };
}

/**
 * Sets up a flowing member 流动团员 (issue 11 part 5): the member's own branch (outflow) names the
 * inflow organization that will manage them, from `since`, reviewed by `until` (optional; a reminder
 * appears 30 days before). The member stays in — and is counted once by — the outflow branch; both
 * sides see the flow. Audit "member_flow.start"; one transaction.
 * Errors: 400 naming the field (until before since, the member's own branch); 404 member outside the
 * subtree or inflow organization missing; 403 without member:write; 422 member_not_active;
 * 409 flow_open when the member already flows (also under a race: the partial unique index).
 */
export async function startFlow(db: Database, actor: Actor, memberId: number, input: unknown, today: string) {
  const parsed = startFlowSchema.safeParse(input);
  if (!parsed.success) throw domainErrorFromIssues(parsed.error.issues);
  const body = parsed.data;
  if (body.until !== undefined && body.until <= body.since) {
    throw new DomainError("invalid_input", "截止日期：应晚于流出日期", { field: "until", status: 400 });
  }
  try {
    return await db.transaction(async (tx) => {
      await requireAccess(tx, actor, { permission: "member:write", kind: "member", ids: [memberId] });
      const found = requireFound((await findBatchMembers(tx, [memberId]))[0], "member");
      const [inflow] = await findOrganizationsByIds(tx, [body.inflowOrganizationId]);
      if (!inflow) throw notFound("组织");
      if (inflow.id === found.organizationId) {
        throw new DomainError("invalid_input", "流入组织：不能是团员所在团支部", {
          field: "inflowOrganizationId",
          status: 400,
        });
      }
      if (found.status !== "active") {
        throw new DomainError(
          "member_not_active",
          `团员：状态为“${MEMBER_STATUS_LABELS[found.status].zh}”，只有正常状态的团员可以登记为流动团员`,
          { status: 422 },
        );
      }
      if (found.hasOpenFlow) throw new HttpError(409, "flow_open", "团员：已登记为流动团员");
      const id = await insertFlow(tx, {
        memberId,
        outflowOrganizationId: found.organizationId,
        inflowOrganizationId: inflow.id,
        since: body.since,
        until: body.until ?? null,
      });
      await recordAudit(tx, actor, {
        action: "member_flow.start",
        entityType: "member",
        entityId: memberId,
        organizationId: found.organizationId,
        after: { flowId: id, ...body },
      });
      return flowView(requireFound(await findFlow(tx, id), "member"), today);
    });
  } catch (error) {
    if (violatedConstraint(error) === "member_flow_open_member_key")
      throw new HttpError(409, "flow_open", "团员：已登记为流动团员");
    throw error;
  }
}

/**
 * Ends a 流动团员 flow on `endedOn` (the member returned, or transfers on): either side may end it —
 * the outflow branch or the inflow organization, with member:write in its subtree. Audit
 * "member_flow.end"; one transaction. Errors: 400 naming the field (endedOn before since); 404 when
 * neither side is in the actor's subtree; 403 without member:write; 409 flow_ended when already ended.
 */
export async function endMemberFlow(
  db: Database,
  actor: Actor,
  flowId: number,
  input: unknown,
  today: string,
) {
  const parsed = endFlowSchema.safeParse(input);
  if (!parsed.success) throw domainErrorFromIssues(parsed.error.issues);
  return db.transaction(async (tx) => {
    const flow = await findFlow(tx, flowId);
    if (!flow || !(isPathInScope(actor, flow.outflowPath) || isPathInScope(actor, flow.inflowPath))) {
      throw notFound("流动团员");
    }
    if (!actor.permissions.has("member:write")) throw forbidden();
    if (parsed.data.endedOn < flow.since) {
      throw new DomainError("invalid_input", "结束日期：不能早于流出日期", { field: "endedOn", status: 400 });
    }
    if (flow.endedOn !== null || !(await endFlow(tx, flowId, parsed.data.endedOn))) {
      throw new HttpError(409, "flow_ended", "流动团员：已结束");
    }
    await recordAudit(tx, actor, {
      action: "member_flow.end",
      entityType: "member",
      entityId: flow.memberId,
      organizationId: flow.outflowOrganizationId,
      after: { flowId, endedOn: parsed.data.endedOn },
    });
    return flowView(requireFound(await findFlow(tx, flowId), "member"), today);
  });
}

/**
 * The open 流动团员 of an organization's subtree (issue 11 part 5): flowing out of it, into it, or
 * both (default), ending soonest first, each with its reminder ("due" from 30 days before `until`,
 * "expired" from it); counts of each. Names only, no personal data. Errors: 404 outside the subtree;
 * 403 without member:read.
 */
export async function listFlows(
  db: Database,
  actor: Actor,
  organizationId: number,
  direction: "outflow" | "inflow" | "both",
  today: string,
) {
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  const items = (await findOpenFlows(db, target?.path ?? "", direction, FLOW_LIST_LIMIT)).map((row) =>
    flowView(row, today),
  );
  return {
    total: items.length,
    reminders: items.filter((item) => item.reminder !== "none").length,
    items,
  };
}
