/**
 * Lines of a plan document made ready for the plan parser (domain.md §8): leftovers of a conversion
 * from Word or PDF removed (Markdown emphasis **, lone #, page numbers "- 3 -" / "第3页 共10页",
 * form feeds), a line broken mid-word across a page joined back, and the parts that are not the plan
 * set aside: the cover letter (关于印发…的通知 before the plan's own title) and the attachments
 * (附件 after the plan). Patterns from public Chinese government plans (fixtures/README.md).
 */

import { cleanLine, joinBrokenLines, toHalfWidth } from "./plan-text";

/** Text kept out of the tasks: the cover letter (通知) or an attachment (附件). */
export interface ExcludedText {
  kind: "cover" | "attachment";
  text: string;
}

/** The plan's lines, cleaned, and what was set aside. */
export interface PreparedLines {
  lines: string[];
  excluded: ExcludedText[];
}

const PAGE_NUMBER = [
  /^[-—–－―\s]*\d{1,4}[-—–－―\s]*$/,
  /^第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$/,
  /^\d{1,4}\s*\/\s*\d{1,4}$/,
  /^(?:page\s*)?\d{1,4}\s*of\s*\d{1,4}$/i,
];
/** Markdown / conversion debris that carries no text. */
const NOISE = /^(?:#+|[-*_=]{3,}|\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*)$/;
const SENTENCE_END = /[。！？!?;；:：”"）)]$/;
const HAS_MARKER =
  /^(?:第[一二三四五六七八九十百\d]+[章节部分篇]|[一二三四五六七八九十百]+\s*[、.,．，]|[（(]\s*[一二三四五六七八九十百\d]+\s*[)）]|\d{1,3}\s*[、.．]|[\u2460-\u2473]|——|[●•■◆▪]|#|附件)/;
const PLAN_TITLE =
  /(?:方案|要点|实施意见|意见|行动计划|工作计划|计划|办法|清单|规划)(?:\s*[(（][^)）]*[)）])?$/;
const COVER_HINT = /通知|印发|现将|发〔|发\[|文件$|^各.{1,30}[:：]$/;
const ATTACHMENT = /^附\s*件\s*[0-9一二三四五六七八九十]*\s*[:：]?/;

/** A line with conversion leftovers removed: **bold**, __bold__, a quote mark, trailing Markdown breaks. */
function stripLeftovers(line: string): string {
  return cleanLine(
    line
      .replace(/\*\*|__/g, "")
      .replace(/^>\s*/, "")
      .replace(/\\$/, ""),
  );
}

function isPageNumber(line: string): boolean {
  const normalized = toHalfWidth(line).trim();
  return PAGE_NUMBER.some((pattern) => pattern.test(normalized));
}

/** Whether a line could be a plan's title: short, no full stop, ending like 方案 / 要点 / 意见. */
function isPlanTitle(line: string): boolean {
  return (
    line.length <= 60 &&
    !/[。]/.test(line) &&
    !/^(?:关于印发|附\s*件)/.test(line) &&
    PLAN_TITLE.test(line.replace(/^#+\s*/, ""))
  );
}

/**
 * Clean the lines of a plan and set aside its cover letter and attachments. A cover letter is
 * recognised when a plan title (…方案, …要点, …意见) appears within the first 60 lines after text
 * that looks like one (关于印发…的通知, 现将…印发给你们, a document number 〔2022〕); an attachment
 * starts at a line "附件" / "附件1：…" after the plan's first numbered heading.
 */
export function prepareLines(text: string): PreparedLines {
  const lines: string[] = [];
  let pageBreak = false;
  for (const raw of text.split(/\r\n|\r|\n|\f/)) {
    if (raw.includes("\f")) pageBreak = true;
    const line = stripLeftovers(raw);
    if (line === "" || NOISE.test(line)) continue;
    if (isPageNumber(line)) {
      pageBreak = true;
      continue;
    }
    const previous = lines.at(-1);
    if (
      pageBreak &&
      previous !== undefined &&
      !SENTENCE_END.test(toHalfWidth(previous)) &&
      !HAS_MARKER.test(toHalfWidth(line))
    ) {
      lines[lines.length - 1] = joinBrokenLines(previous, line);
    } else {
      lines.push(line);
    }
    pageBreak = false;
  }
  const excluded: ExcludedText[] = [];
  const titleIndex = lines.slice(0, 60).findIndex(isPlanTitle);
  if (titleIndex > 0 && lines.slice(0, titleIndex).some((line) => COVER_HINT.test(line))) {
    excluded.push({ kind: "cover", text: lines.splice(0, titleIndex).join("\n") });
  }
  const firstHeading = lines.findIndex(
    (line) => HAS_MARKER.test(toHalfWidth(line)) && !ATTACHMENT.test(line),
  );
  const attachmentIndex = lines.findIndex(
    (line, index) => index > firstHeading && firstHeading >= 0 && ATTACHMENT.test(line) && line.length <= 60,
  );
  if (attachmentIndex > 0) {
    excluded.push({ kind: "attachment", text: lines.splice(attachmentIndex).join("\n") });
  }
  return { lines, excluded };
}
