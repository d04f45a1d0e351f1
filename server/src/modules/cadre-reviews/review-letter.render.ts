import { DomainError, type ReviewGrade, type ReviewLetterFacts, reviewLetterLines } from "@tuanwu/domain";
import { AlignmentType, Document, Packer, Paragraph, TextRun } from "docx";
import type { Database } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import {
  countyOfReviewSession,
  findReporters,
  findResults,
  findSession,
  tallyScores,
} from "./cadre-reviews.repository";
import { postLabelOf } from "./cadre-reviews.service";

/**
 * The result letter 述职评议结果函 of one reporter as .docx (the `docx` package, as the transfer
 * letter): the lines of domain reviewLetterLines — addressed to the Party organization department,
 * stating the session, the number of representatives who scored, the mean, the scale and the grade.
 */

/** The letter as a .docx document. */
export async function renderReviewLetterDocx(facts: ReviewLetterFacts): Promise<Buffer> {
  const lines = reviewLetterLines(facts);
  const document = new Document({
    creator: "tuanwu",
    title: `${lines.title} ${facts.letterNumber}`,
    sections: [
      {
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ text: lines.title, bold: true, size: 36 })],
          }),
          new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: lines.number })] }),
          new Paragraph({
            spacing: { after: 120 },
            children: [new TextRun({ text: lines.addressee, size: 24 })],
          }),
          ...lines.body.map(
            (text) =>
              new Paragraph({
                indent: { firstLine: 480 },
                spacing: { after: 120 },
                children: [new TextRun({ text, size: 24 })],
              }),
          ),
          ...lines.closing.map(
            (text) =>
              new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text, size: 24 })] }),
          ),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** "2026-12-06" → "2026年12月6日". */
function chineseDate(date: string): string {
  const [year, month, day] = date.split("-");
  return `${year}年${Number(month)}月${Number(day)}日`;
}

/**
 * GET /review-sessions/{id}/results/{reporterId}/letter.docx: the result letter of a reporter of a
 * closed session (cadre:read in scope). Audit "review_session.letter_export".
 * Errors: 404 outside the scope, or a reporter not of this session; 403 without cadre:read;
 * 409 review_not_closed before the close; 409 review_result_missing for a reporter nobody scored.
 */
export async function exportReviewLetter(
  db: Database,
  actor: Actor,
  sessionId: number,
  reporterId: number,
  today: string,
): Promise<{ bytes: Buffer; fileName: string }> {
  await requireAccess(db, actor, { permission: "cadre:read", kind: "review_session", ids: [sessionId] });
  const county = await countyOfReviewSession(db, sessionId);
  const session = requireFound(await findSession(db, county, sessionId), "review_session");
  const reporter = requireFound(
    (await findReporters(db, county, sessionId)).find((each) => each.id === reporterId),
    "review_session",
  );
  if (session.status !== "closed") {
    throw new DomainError("review_not_closed", "结果函：述职评议结束后才能生成结果函", { status: 409 });
  }
  const result = (await findResults(db, county, sessionId)).find((each) => each.reporterId === reporterId);
  if (!result?.letterNumber) {
    throw new DomainError("review_result_missing", `结果函：${reporter.name}没有评分，无评议结果`, {
      status: 409,
      field: "reporterId",
    });
  }
  const scoredBy =
    (await tallyScores(db, county, sessionId)).find((tally) => tally.reporterId === reporterId)?.count ?? 0;
  const bytes = await renderReviewLetterDocx({
    letterNumber: result.letterNumber,
    committeeName: session.organizationName,
    year: session.year,
    sessionTitle: session.title,
    reporterName: reporter.name,
    reporterPost: `${reporter.organizationName}${postLabelOf(reporter.post)}`,
    average: result.average,
    scaleMax: session.scaleMax,
    grade: result.grade as ReviewGrade,
    scoredBy,
    issuedOn: chineseDate(today),
  });
  await recordAudit(db, actor, {
    action: "review_session.letter_export",
    entityType: "review_session",
    entityId: sessionId,
    organizationId: session.organizationId,
    detail: { reporterId, letterNumber: result.letterNumber },
  });
  return { bytes, fileName: `述职评议结果函-${reporter.name}-${result.letterNumber}.docx` };
}
