import {
  type BatchRowFacts,
  batchRowProblems,
  DomainError,
  domainErrorFromIssues,
  type GraduateBatchRow,
  type GraduateDestination,
  graduateBatchSchema,
  mobileBranchUntil,
  routeGraduate,
} from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { HttpError } from "../../lib/http-errors";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import { type Actor, isPathInScope } from "../auth/actor";
import { violatedConstraint } from "../members/member-constraints";
import { findOrganizationById } from "../organizations/organization.repository";
import { startTransferIn } from "../transfers/transfers.service";
import {
  findApplicableSeason,
  findBatchMembers,
  findOrganizationsByIds,
  insertFlow,
} from "./transfer-season.repository";

function destinationOrganizationIds(row: GraduateBatchRow): number[] {
  return [
    row.schoolOrganizationId,
    row.employerOrganizationId,
    row.townshipOrganizationId,
    row.residenceOrganizationId,
    row.mobileBranchId,
  ].filter((id): id is number => id !== undefined);
}

/** Prefixes an error raised while starting row `index` with the row (第N行), keeping its status and code. */
function rowError(error: unknown, index: number, name: string): unknown {
  if (error instanceof DomainError) {
    return new DomainError(error.code, `第${index + 1}行（${name}）：${error.message}`, {
      status: error.status,
      field: `rows.${index}.${error.field ?? "memberId"}`,
    });
  }
  if (error instanceof HttpError) {
    return new HttpError(
      error.status,
      error.code,
      `第${index + 1}行（${name}）：${error.message}`,
      `rows.${index}`,
    );
  }
  return error;
}

/**
 * Starts the transfers of a graduating class in one batch (毕业季批量转接, issue 11 part 4): every row
 * is a graduate of the class branch `classId` (a branch with a graduation date) routed by destination
 * (domain routeGraduate): continuing study → the new school's organization (升学衔接); employed → the
 * employer's organization or the township/street one (学社衔接); unplaced → the residence township
 * (学社衔接) or a mobile members' branch 流动团员团支部 (a member_flow from `startedOn` for the
 * season's 6–12 months; the member stays counted in the class). Transfers are started by the sending
 * side through the transfers module (startTransferIn: the branch's own step taken), marked with the
 * season year (the graduation date's) and the destination. All or nothing, one transaction; audit
 * "transfer.batch" besides each transfer's own.
 *
 * Errors: 400 invalid_input naming the field; 400 batch_refused listing every bad row at once (a
 * member missing or outside the actor's scope, not of the class, not active, already transferring or
 * flowing, a destination missing, unknown, the class itself, or a mobile branch that is not a branch)
 * and nothing written; a row refused while starting (e.g. a committee with no branch below it) answers
 * that error prefixed with its row; 404 class outside the subtree; 403 without member:write;
 * 422 class_not_graduating (no graduation date); 409 batch_conflict when a concurrent start or flow
 * took one of the members (the partial unique indexes decide).
 */
export async function startClassBatch(
  db: Database,
  actor: Actor,
  classId: number,
  input: unknown,
  today: string,
) {
  const parsed = graduateBatchSchema.safeParse(input);
  if (!parsed.success) throw domainErrorFromIssues(parsed.error.issues);
  const { startedOn, rows } = parsed.data;
  if (startedOn > today) {
    throw new DomainError("invalid_input", `申请日期：不能晚于今天（${today}）`, {
      field: "startedOn",
      status: 400,
    });
  }
  try {
    return await startClassBatchIn(db, actor, classId, startedOn, rows, today);
  } catch (error) {
    const constraint = violatedConstraint(error);
    if (constraint === "member_transfer_open_member_key" || constraint === "member_flow_open_member_key") {
      throw new HttpError(
        409,
        "batch_conflict",
        "毕业班批量转接：有团员同时被发起转接或登记为流动团员，请刷新后重试",
      );
    }
    throw error;
  }
}

async function startClassBatchIn(
  db: Database,
  actor: Actor,
  classId: number,
  startedOn: string,
  rows: GraduateBatchRow[],
  today: string,
) {
  return db.transaction(async (tx) => {
    const [classTarget] = await requireAccess(tx, actor, {
      permission: "member:write",
      kind: "organization",
      ids: [classId],
    });
    const classBranch = requireFound(await findOrganizationById(tx, classId), "organization");
    if (classBranch.kind !== "branch" || !classBranch.graduatesOn) {
      throw new DomainError("class_not_graduating", "团支部：未设置毕业时间，不是毕业班团支部", {
        status: 422,
      });
    }
    const seasonYear = Number(classBranch.graduatesOn.slice(0, 4));
    const members = new Map(
      (
        await findBatchMembers(
          tx,
          rows.map((row) => row.memberId),
        )
      ).map((m) => [m.id, m]),
    );
    const organizations = new Map(
      (await findOrganizationsByIds(tx, [...new Set(rows.flatMap(destinationOrganizationIds))])).map((o) => [
        o.id,
        o,
      ]),
    );
    const problems = batchRowProblems(rows, (row, route): BatchRowFacts => {
      const found = members.get(row.memberId);
      const inScope = found !== undefined && isPathInScope(actor, found.path);
      let destination: BatchRowFacts["destination"] = null;
      if (route !== null) {
        const id = route.kind === "transfer" ? route.toOrganizationId : route.mobileBranchId;
        const target = organizations.get(id);
        if (!target) destination = { ok: false, message: `组织（编号${id}）不存在` };
        else if (target.id === classId) destination = { ok: false, message: "不能转入本班团支部" };
        else if (route.kind === "mobile_branch" && target.kind !== "branch") {
          destination = { ok: false, message: `“${target.name}”不是团支部，不能作为流动团员团支部` };
        } else destination = { ok: true };
      }
      return {
        member:
          found && inScope
            ? {
                name: found.name,
                status: found.status,
                inClass: found.organizationId === classId,
                hasOpenTransfer: Boolean(found.hasOpenTransfer),
                hasOpenFlow: Boolean(found.hasOpenFlow),
              }
            : null,
        destination,
      };
    });
    if (problems.length > 0) {
      throw new DomainError("batch_refused", problems.map((problem) => problem.message).join("；"), {
        status: 400,
        field: problems[0]?.field ?? "rows",
      });
    }
    const season = await findApplicableSeason(tx, classTarget?.path ?? classBranch.path, seasonYear);
    const months = Number(season?.mobileBranchMonths ?? 6);
    const transfers: {
      memberId: number;
      transferId: number;
      destination: GraduateDestination;
      toOrganizationId: number;
      state: string;
    }[] = [];
    const flows: { memberId: number; flowId: number; mobileBranchId: number; until: string }[] = [];
    for (const [index, row] of rows.entries()) {
      const routed = routeGraduate(row);
      if (!routed.ok) throw new Error("routed rows were checked");
      const name = members.get(row.memberId)?.name ?? "";
      try {
        if (routed.route.kind === "transfer") {
          const started = await startTransferIn(
            tx,
            actor,
            {
              memberId: row.memberId,
              toOrganizationId: routed.route.toOrganizationId,
              reason: routed.route.reason,
              kind: routed.route.transferKind,
              startedOn,
            },
            today,
            { seasonYear, destination: row.destination, initiator: "sending" },
          );
          transfers.push({
            memberId: row.memberId,
            transferId: started.id,
            destination: row.destination,
            toOrganizationId: routed.route.toOrganizationId,
            state: started.state,
          });
        } else {
          const until = mobileBranchUntil(startedOn, months);
          const flowId = await insertFlow(tx, {
            memberId: row.memberId,
            outflowOrganizationId: classId,
            inflowOrganizationId: routed.route.mobileBranchId,
            since: startedOn,
            until,
          });
          await recordAudit(tx, actor, {
            action: "member_flow.start",
            entityType: "member",
            entityId: row.memberId,
            organizationId: classId,
            after: { flowId, inflowOrganizationId: routed.route.mobileBranchId, since: startedOn, until },
          });
          flows.push({ memberId: row.memberId, flowId, mobileBranchId: routed.route.mobileBranchId, until });
        }
      } catch (error) {
        throw rowError(error, index, name);
      }
    }
    await recordAudit(tx, actor, {
      action: "transfer.batch",
      entityType: "organization",
      entityId: classId,
      organizationId: classId,
      after: {
        seasonYear,
        startedOn,
        transfers: transfers.map((each) => each.transferId),
        flows: flows.map((each) => each.flowId),
      },
    });
    return { classOrganizationId: classId, seasonYear, transfers, flows };
  });
}
