import { randomBytes, timingSafeEqual } from "node:crypto";
import {
  DomainError,
  type DomainErrorStatus,
  letterCodeFrom,
  letterIssuedOn,
  maskPersonName,
  SEX_LABELS,
  type Sex,
  TRANSFER_REASON_LABELS,
  type TransferReason,
  transferLetterNumber,
} from "@tuanwu/domain";
import type { Database, Executor } from "../../db/database";
import { forbidden, notFound } from "../../lib/http-errors";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import { type Actor, isPathInScope } from "../auth/actor";
import { type LetterContent, renderLetterDocx, renderLetterPdf } from "./transfer-letters.render";
import {
  findLetterByNumber,
  findLetterFacts,
  type LetterFacts,
  setLetterNumber,
} from "./transfer-letters.repository";

/**
 * The introduction letter 组织关系介绍信 of a transfer out of the installation (domain.md §4; issue 11
 * part 3): issued once, by the sending committee's approval `approve_transfer_out` (transfer-out.service:
 * a number "YYYYMMDD-NNNNNN" carrying the date, and a verification code), printed as .docx or PDF by the
 * sending side, and checked publicly by number and code — the check answers only the number, the
 * member's name masked, the date and the issuing committee.
 */

/** Where the public check lives (printed on the letter). */
export const LETTER_VERIFY_PATH = "/api/v1/transfer-letters/{编号}/verification?code={验证码}";

/** An issued letter's number, code and date. */
export interface IssuedLetter {
  transferId: number;
  letterNumber: string;
  verificationCode: string;
  issuedOn: string;
}

/** What the public check shows. */
export interface LetterVerification {
  letterNumber: string;
  memberName: string;
  issuedOn: string;
  issuingCommittee: string;
}

/** A produced file: bytes and the file name (Chinese, for content-disposition). */
export interface LetterFile {
  bytes: Buffer;
  fileName: string;
}

function letterError(code: string, message: string, status: DomainErrorStatus): DomainError {
  return new DomainError(code, message, { field: "id", status });
}

/** The transfer through the one access entry point (either side; 404 outside both), with its letter facts. */
async function reachLetter(db: Executor, actor: Actor, transferId: number, forUpdate = false) {
  await requireAccess(db, actor, {
    permission: "organization:read",
    kind: "member_transfer",
    ids: [transferId],
  });
  return requireFound(await findLetterFacts(db, transferId, forUpdate), "member_transfer");
}

/** Only the sending side with member:write issues or prints the letter (403 otherwise). */
function requireSendingWriter(actor: Actor, facts: LetterFacts): void {
  if (facts.fromBranchPath === null || !isPathInScope(actor, facts.fromBranchPath)) throw forbidden();
  if (!actor.permissions.has("member:write")) throw forbidden();
}

/**
 * The letter 介绍信 of transfer `transferId`: the one the sending committee's approval issued (200,
 * nothing written). A transferred-out transfer without one (none is made so; kept for data entered
 * before the approval issued it) gets it here, once: number and verification code set in one UPDATE
 * guarded by `letter_number is null` under the transfer's row lock (two clerks at once: both get the
 * same letter), audit "transfer.letter_issue" in the same transaction.
 * Errors: 404 outside both sides; 403 not the sending side with member:write; 400 letter_not_applicable
 * for a transfer inside the installation; 409 transfer_not_approved before the sending committee's
 * approval (and for a returned or withdrawn one).
 * @returns the letter and whether this call issued it.
 */
export async function issueTransferLetter(
  db: Database,
  actor: Actor,
  transferId: number,
  today: string,
): Promise<{ letter: IssuedLetter; issued: boolean }> {
  return db.transaction(async (tx) => {
    const facts = await reachLetter(tx, actor, transferId, true);
    requireSendingWriter(actor, facts);
    if (facts.toExternalName === null) {
      throw letterError(
        "letter_not_applicable",
        "介绍信：只有转出本系统（转往未使用本系统的组织）的转接开具介绍信",
        400,
      );
    }
    if (facts.letterNumber !== null && facts.letterVerificationCode !== null) {
      return {
        letter: issuedOf(facts.transferId, facts.letterNumber, facts.letterVerificationCode),
        issued: false,
      };
    }
    if (facts.instanceState !== "transferred_out") {
      throw letterError(
        "transfer_not_approved",
        facts.instanceState === "returned" || facts.instanceState === "withdrawn"
          ? "介绍信：转接已退回或撤回，不能开具介绍信"
          : "介绍信：转出团委“同意并开具介绍信”后才有介绍信",
        409,
      );
    }
    const letterNumber = transferLetterNumber(today, transferId);
    const code = letterCodeFrom(randomBytes(16));
    if (!(await setLetterNumber(tx, transferId, letterNumber, code))) {
      throw letterError("letter_race", "介绍信：正在由他人开具，请刷新", 409);
    }
    await recordAudit(tx, actor, {
      action: "transfer.letter_issue",
      entityType: "member_transfer",
      entityId: transferId,
      organizationId: facts.fromBranchId,
      after: { letterNumber },
    });
    return { letter: issuedOf(transferId, letterNumber, code), issued: true };
  });
}

function issuedOf(transferId: number, letterNumber: string, verificationCode: string): IssuedLetter {
  return { transferId, letterNumber, verificationCode, issuedOn: letterIssuedOn(letterNumber) ?? "" };
}

/** "2026-12-06" → "2026年12月6日"; "2026-12" → "2026年12月". */
function chineseDate(date: string): string {
  const [year, month, day] = date.split("-");
  return `${year}年${Number(month)}月${day ? `${Number(day)}日` : ""}`;
}

/**
 * The issued letter as a file 打印介绍信 (.docx or PDF), for the sending side with member:write.
 * Audit "transfer.letter_export". Errors: 404 outside both sides; 403 not the sending side;
 * 409 letter_not_issued before it is issued; 503 cjk_font_missing (PDF without a CJK font).
 */
export async function exportTransferLetter(
  db: Database,
  actor: Actor,
  transferId: number,
  format: "docx" | "pdf",
): Promise<LetterFile> {
  const facts = await reachLetter(db, actor, transferId);
  requireSendingWriter(actor, facts);
  if (facts.letterNumber === null || facts.letterVerificationCode === null || facts.toExternalName === null) {
    throw letterError("letter_not_issued", "介绍信：尚未开具，请先开具介绍信", 409);
  }
  const content: LetterContent = {
    letterNumber: facts.letterNumber,
    verificationCode: facts.letterVerificationCode,
    toName: facts.toExternalName,
    toAddress: facts.toExternalAddress,
    toContact: facts.toExternalContact,
    memberName: facts.memberName,
    sexLabel: SEX_LABELS[facts.sex as Sex]?.zh ?? facts.sex,
    birthMonth: chineseDate(facts.birthDate.slice(0, 7)),
    joinedOn: chineseDate(facts.joinedOn.slice(0, 7)),
    memberNumber: facts.memberNumber,
    fromBranchName: facts.fromBranchName ?? "",
    reasonLabel: TRANSFER_REASON_LABELS[facts.reason as TransferReason]?.zh ?? facts.reason,
    issuingCommitteeName: facts.issuingCommitteeName ?? facts.fromBranchName ?? "",
    issuedOn: chineseDate(letterIssuedOn(facts.letterNumber) ?? ""),
    verifyPath: LETTER_VERIFY_PATH,
  };
  const bytes = format === "docx" ? await renderLetterDocx(content) : await renderLetterPdf(content);
  await recordAudit(db, actor, {
    action: "transfer.letter_export",
    entityType: "member_transfer",
    entityId: transferId,
    organizationId: facts.fromBranchId,
    detail: { format, letterNumber: facts.letterNumber },
  });
  return { bytes, fileName: `组织关系介绍信-${facts.letterNumber}.${format}` };
}

/**
 * The public check 介绍信查验 (no sign-in): the letter numbered `letterNumber` whose code is `code`
 * (compared in constant time) → its number, the member's name masked, the date, the issuing committee;
 * 404 letter_not_found for an unknown number or a wrong code alike (nothing tells them apart).
 */
export async function verifyTransferLetter(
  db: Database,
  letterNumber: string,
  code: string,
): Promise<LetterVerification> {
  const found = await findLetterByNumber(db, letterNumber);
  const matches =
    found !== undefined &&
    found.code.length === code.length &&
    timingSafeEqual(Buffer.from(found.code), Buffer.from(code));
  if (!found || !matches) throw notFound("介绍信");
  return {
    letterNumber: found.letter_number,
    memberName: maskPersonName(found.member_name),
    issuedOn: letterIssuedOn(found.letter_number) ?? "",
    issuingCommittee: found.committee ?? "",
  };
}
