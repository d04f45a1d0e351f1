import {
  assertTransitionAllowed,
  DomainError,
  domainErrorFromIssues,
  enumSchema,
  isoDateSchema,
  normalizeCitizenId,
  TRANSFER_KINDS,
  TRANSFER_REASON_LABELS,
  TRANSFER_REASONS,
  TRANSFER_WORKFLOW,
  textSchema,
} from "@tuanwu/domain";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db/database";
import { workflowInstance } from "../../db/schema";
import { appendMemberEvent } from "../archive/member-event.repository";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { requireMemberBranch } from "../members/member.policy";
import { explainingDuplicateCitizenId, violatedConstraint } from "../members/member-constraints";
import { recordMemberPeriod } from "../members/member-history.service";
import { insertHistoryPeriod, insertMember } from "../members/member-record.repository";
import { memberRecordInputSchema } from "../members/member-record.schemas";
import { memberColumns, parseMemberRecord } from "../members/member-record-values";
import { relocateMemberToBranch } from "../members/member-relocation.repository";
import { keepSnapshotsExact } from "../stats/member-count-snapshot.service";
import { openInstance } from "../workflow/workflow-engine";
import { findDepartedMember, insertTransfer, linkInstance } from "./transfers.repository";

/**
 * An incoming paper letter 组织关系介绍信 registered as a transfer in (issue 11 part 3): a member whose
 * relation comes from an organization tuanwu does not hold. The receiving branch enters the member's
 * record and the letter; the member is created active in the branch and the transfer is recorded as
 * completed (nothing to approve: the sending side approved on paper). The paper letter's number is the
 * issuing organization's own: kept in `incoming_letter_number`, unique per issuing organization name
 * (the same letter cannot be registered twice), apart from the numbers of letters tuanwu issues.
 * A member who left the installation (转出本系统) and comes back by a letter is the same record: it
 * moves into the branch, active again, with its archive (no second member is created).
 */
export const incomingLetterInputSchema = z
  .strictObject({
    member: memberRecordInputSchema,
    fromExternalName: textSchema("转出组织", 100),
    letterNumber: textSchema("介绍信编号", 50).optional(),
    reason: enumSchema("转接原因", TRANSFER_REASONS),
    kind: enumSchema("转接类型", TRANSFER_KINDS),
    receivedOn: isoDateSchema("接收日期"),
  })
  .meta({ id: "IncomingLetterInput" });

/** An incoming letter as entered. */
export type IncomingLetterInput = z.infer<typeof incomingLetterInputSchema>;

/**
 * Registers an incoming paper letter at branch `branchId` (凭介绍信转入): creates the member (checked like
 * POST /organizations/{id}/members; active from the join date, first member_history period), opens the
 * transfer's workflow instance already completed (step 1 records the letter) and its member_transfer row
 * (from_external_name, incoming_letter_number, completed on `receivedOn`, closed), the archive entry
 * transfer_finished, audit "transfer.incoming_letter". One transaction.
 *
 * @returns the transfer's id and the new member's id.
 * Errors: 404 branch outside the subtree; 403 without member:write; 422 members_only_in_branch; 400
 * naming the field (bad record; receivedOn after today, or before the join date); 409 duplicate
 * citizen ID (the member is already in tuanwu, not transferred out: start a transfer instead) or
 * member number; 400 member.name when a transferred-out member's name differs; 409
 * duplicate_letter (field letterNumber) when this organization's letter of that number is registered.
 */
export async function registerIncomingLetter(
  db: Database,
  actor: Actor,
  branchId: number,
  input: unknown,
  today: string,
): Promise<{ id: number; memberId: number }> {
  const parsed = incomingLetterInputSchema.safeParse(input);
  if (!parsed.success) throw domainErrorFromIssues(parsed.error.issues);
  const letter = parsed.data;
  if (letter.receivedOn > today) {
    throw new DomainError("invalid_input", `接收日期：不能晚于今天（${today}）`, {
      field: "receivedOn",
      status: 400,
    });
  }
  try {
    return await registerIncomingLetterIn(db, actor, branchId, letter, today);
  } catch (error) {
    if (violatedConstraint(error) === "member_transfer_incoming_letter_key") {
      throw new DomainError(
        "duplicate_letter",
        `介绍信编号：“${letter.fromExternalName}”的第 ${letter.letterNumber ?? ""} 号介绍信已登记`,
        { field: "letterNumber", status: 409 },
      );
    }
    throw error;
  }
}

async function registerIncomingLetterIn(
  db: Database,
  actor: Actor,
  branchId: number,
  letter: IncomingLetterInput,
  today: string,
): Promise<{ id: number; memberId: number }> {
  return explainingDuplicateCitizenId(db, normalizeCitizenId(letter.member.citizenId), () =>
    db.transaction(async (tx) => {
      const branch = await requireMemberBranch(tx, actor, branchId);
      const record = parseMemberRecord(letter.member, today);
      if (letter.receivedOn < record.joinedOn) {
        throw new DomainError("invalid_input", "接收日期：不能早于入团时间", {
          field: "receivedOn",
          status: 400,
        });
      }
      const columns = { ...memberColumns(record), organizationId: branch.id };
      // A member who left tuanwu (转出本系统) and comes back by a letter keeps their record and archive.
      const departed = await findDepartedMember(tx, record.citizenId);
      let memberId: number;
      if (departed) {
        assertTransitionAllowed("transferred_out", "active", "transfer_workflow");
        if (departed.name !== record.name) {
          throw new DomainError(
            "invalid_input",
            `姓名：与该公民身份号码转出本系统前登记的姓名（${departed.name}）不一致`,
            { field: "member.name", status: 400 },
          );
        }
        memberId = departed.id;
        // A branch of another county: on Citus the member's rows move between shard groups.
        await relocateMemberToBranch(tx, {
          memberId,
          fromCountyId: departed.countyId,
          organizationId: branch.id,
          status: "active",
          statusSince: letter.receivedOn,
        });
        await recordMemberPeriod(tx, memberId, {
          organizationId: branch.id,
          status: "active",
          effectiveOn: letter.receivedOn,
        });
      } else {
        const newMemberId = await insertMember(tx, {
          ...columns,
          status: "active",
          statusSince: record.joinedOn,
        });
        memberId = newMemberId;
        // A member from outside with a past join date: the month-end snapshots since then count them
        // in this branch, as a recount from history would (issue 18 part 4).
        await keepSnapshotsExact(tx, [newMemberId], record.joinedOn, () =>
          insertHistoryPeriod(tx, {
            memberId: newMemberId,
            organizationId: branch.id,
            status: "active",
            validFrom: record.joinedOn,
          }),
        );
      }
      const instance = await openInstance(tx, {
        definition: TRANSFER_WORKFLOW,
        organizationId: branch.id,
        initialState: "completed",
        title: record.name,
        data: {},
        actor,
        occurredOn: letter.receivedOn,
        payload: {
          note: `凭组织关系介绍信转入：${letter.fromExternalName}${letter.letterNumber ? `（${letter.letterNumber}）` : ""}`,
        },
      });
      await tx
        .update(workflowInstance)
        .set({ closedAt: sql`now()` })
        .where(and(eq(workflowInstance.countyId, instance.countyId), eq(workflowInstance.id, instance.id)));
      const id = await insertTransfer(tx, {
        countyId: instance.countyId,
        instanceId: instance.id,
        memberId,
        fromOrganizationId: null,
        fromExternalName: letter.fromExternalName.trim(),
        toOrganizationId: branch.id,
        assignedBranchId: branch.id,
        reason: letter.reason,
        kind: letter.kind,
        initiator: "receiving",
        startedOn: letter.receivedOn,
        completedOn: letter.receivedOn,
        letterNumber: null,
        incomingLetterNumber: letter.letterNumber?.trim() || null,
        closedAt: new Date(),
      });
      await linkInstance(tx, instance, id, memberId);
      await appendMemberEvent(tx, actor, {
        memberId,
        kind: "transfer_finished",
        occurredOn: letter.receivedOn,
        summary: `凭组织关系介绍信转入${branch.name}：来自${letter.fromExternalName}（${TRANSFER_REASON_LABELS[letter.reason].zh}）${letter.letterNumber ? `，介绍信编号 ${letter.letterNumber}` : ""}`,
        detail: {
          transferId: id,
          fromExternalName: letter.fromExternalName,
          letterNumber: letter.letterNumber ?? null,
        },
      });
      await recordAudit(tx, actor, {
        action: "transfer.incoming_letter",
        entityType: "member_transfer",
        entityId: id,
        organizationId: branch.id,
        after: {
          memberId,
          ...(departed ? { returnedFromOutside: true, organizationId: branch.id } : columns),
          fromExternalName: letter.fromExternalName,
          letterNumber: letter.letterNumber,
        },
      });
      return { id, memberId };
    }),
  );
}
