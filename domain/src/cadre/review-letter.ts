import { type ReviewGrade, reviewGradeLabel } from "./review-grade";

/**
 * The result letter 述职评议结果函 of one reporter, sent by the League committee to the Party
 * organization department 党委组织部 (domain.md §6; issue 13 part 4): its number and its lines, the
 * same for every file format. No HTML is built from it.
 */

/** The letter's number 函号: year, session id and the reporter's sequence, "2026-000012-03". */
export function reviewLetterNumber(year: number, sessionId: number, sequence: number): string {
  return `${year}-${String(sessionId).padStart(6, "0")}-${String(sequence).padStart(2, "0")}`;
}

/**
 * The Party organization department matching a League committee by its full name:
 * "共青团旺苍县委员会" → "中共旺苍县委组织部"; a name not of the form 共青团…委员会 → "党委组织部".
 */
export function partyDepartmentOf(committeeName: string): string {
  const match = /^共青团(.+?)委员会$/.exec(committeeName.trim());
  return match ? `中共${match[1]}委组织部` : "党委组织部";
}

/** What the letter states (dates already "YYYY年M月D日"). */
export interface ReviewLetterFacts {
  letterNumber: string;
  committeeName: string;
  year: number;
  sessionTitle: string;
  reporterName: string;
  /** The reporter's post and organization, e.g. "东河镇团委书记". */
  reporterPost: string;
  /** Mean score, two decimals. */
  average: number;
  scaleMax: number;
  grade: ReviewGrade;
  /** How many representatives scored. */
  scoredBy: number;
  issuedOn: string;
}

/** The letter's lines: title, number, addressee, body paragraphs, signature and date. */
export function reviewLetterLines(facts: ReviewLetterFacts): {
  title: string;
  number: string;
  addressee: string;
  body: string[];
  closing: string[];
} {
  return {
    title: "团干部述职评议结果函",
    number: `函号：${facts.letterNumber}`,
    addressee: `${partyDepartmentOf(facts.committeeName)}：`,
    body: [
      `根据${facts.year}年度团组织书记述职评议工作安排，${facts.committeeName}组织开展了“${facts.sessionTitle}”，由青年代表现场扫码匿名评分。`,
      `${facts.reporterPost}${facts.reporterName}同志参加述职，共有${facts.scoredBy}名青年代表评分，平均得分${facts.average.toFixed(2)}分（满分${facts.scaleMax}分），评议等次为“${reviewGradeLabel(facts.grade)}”。`,
      "现将评议结果函告你部，请在干部考核、评先评优和选拔任用时参考。",
    ],
    closing: [facts.committeeName, facts.issuedOn],
  };
}
