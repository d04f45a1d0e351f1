import { compareIsoDates, DomainError, type Label } from "@tuanwu/domain";
import { countyOfMember } from "../../db/county";
import type { Database } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { findArchiveMember } from "./archive.repository";
import { type AwardRecord, findAttachmentOwner, findAwardsOfMember, insertAward } from "./award.repository";
import { appendMemberEvent } from "./member-event.repository";

/** 奖励与处分 (domain.md §2): an award inside the League, one outside it, or a punishment. */
export const AWARD_KINDS = ["league_award", "other_award", "punishment"] as const;
export type AwardKind = (typeof AWARD_KINDS)[number];

export const AWARD_KIND_LABELS: Readonly<Record<AwardKind, Label>> = {
  league_award: { zh: "团内奖励", en: "Award inside the League" },
  other_award: { zh: "团外奖励", en: "Award outside the League" },
  punishment: { zh: "处分", en: "Punishment" },
};

/** An award or punishment as the API shows it. */
export function presentAward(row: AwardRecord) {
  return {
    id: row.id,
    memberId: row.memberId,
    kind: row.kind as AwardKind,
    title: row.title,
    grantedOn: row.grantedOn,
    grantingBody: row.grantingBody,
    attachmentId: row.attachmentId,
    recordedByName: row.recordedByName,
    recordedAt: row.recordedAt.toISOString(),
  };
}

/** A member's awards and punishments, the most recent first. Errors: 404 outside scope; 403 role. */
export async function listAwards(db: Database, actor: Actor, memberId: number) {
  await requireAccess(db, actor, { permission: "member:read", kind: "member", ids: [memberId] });
  return (await findAwardsOfMember(db, memberId, await countyOfMember(db, memberId))).map(presentAward);
}

/** What an award or punishment records. */
export interface AwardInput {
  kind: AwardKind;
  title: string;
  grantedOn: string;
  grantingBody: string;
  attachmentId?: number | undefined;
}

/**
 * Records an award or a punishment with its date and granting body, optionally with a certificate
 * already uploaded to the same member's archive. Audited; archive entry "awarded" or "punished"
 * on the date granted.
 * Errors: 404 outside scope; 403 role; 400 grantedOn after `today` (field "grantedOn"), an
 * attachment that is not this member's or is the application form (field "attachmentId").
 */
export async function createAward(
  db: Database,
  actor: Actor,
  memberId: number,
  input: AwardInput,
  today: string,
) {
  await requireAccess(db, actor, { permission: "member:write", kind: "member", ids: [memberId] });
  const target = requireFound(await findArchiveMember(db, memberId), "member");
  if (compareIsoDates(input.grantedOn, today) > 0) {
    throw new DomainError("invalid_input", "日期：不能晚于今天 / grantedOn is in the future", {
      field: "grantedOn",
      status: 400,
    });
  }
  if (input.attachmentId !== undefined) {
    const owner = await findAttachmentOwner(db, input.attachmentId, target.countyId);
    if (!owner || owner.memberId !== memberId || owner.kind === "application_form") {
      throw new DomainError(
        "invalid_input",
        "附件：应为该团员档案中的证书或其他附件 / attachmentId must be a certificate of this member",
        { field: "attachmentId", status: 400 },
      );
    }
  }
  const kindLabel = AWARD_KIND_LABELS[input.kind].zh;
  return db.transaction(async (tx) => {
    const row = await insertAward(tx, {
      memberId,
      kind: input.kind,
      title: input.title,
      grantedOn: input.grantedOn,
      grantingBody: input.grantingBody,
      attachmentId: input.attachmentId ?? null,
      recordedBy: actor.userId,
      recordedByName: actor.username,
    });
    await recordAudit(tx, actor, {
      action: "member_award.create",
      entityType: "member_award",
      entityId: row.id,
      organizationId: target.organizationId,
      after: { memberId, ...input },
    });
    await appendMemberEvent(tx, actor, {
      memberId,
      kind: input.kind === "punishment" ? "punished" : "awarded",
      occurredOn: input.grantedOn,
      summary: `${kindLabel}：${input.title}（${input.grantingBody}）`,
      detail: { awardId: row.id, kind: input.kind, title: input.title, grantingBody: input.grantingBody },
    });
    return presentAward(row);
  });
}
