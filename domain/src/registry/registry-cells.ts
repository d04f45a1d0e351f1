import { restoreSpreadsheetText } from "../text/spreadsheet-formula";
/**
 * Spreadsheet cells as plain values. A reader such as ExcelJS gives a cell's value as text, a number,
 * a boolean, a Date, null, or an object: rich text `{ richText: [{ text }] }`, a hyperlink
 * `{ text, hyperlink }`, a formula `{ formula | sharedFormula, result }`, an error `{ error }`.
 * This module reads those shapes without depending on the reader.
 */

/** A cell reduced to a plain value; null for an empty cell. */
export type PlainCellValue = string | number | boolean | Date | null;

/** A cell read: its plain value, or a Chinese message saying why it cannot be used. */
export type CellReading = { ok: true; value: PlainCellValue } | { ok: false; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * A cell's plain value: text as is (blank text becomes null), numbers, booleans and Dates as they
 * are, rich text joined, a hyperlink's text, a formula's cached result. A formula without a result
 * (the file was never recalculated) and an error value (#N/A, #REF!…) are refused, since what the
 * user sees cannot be known.
 */
export function readCell(value: unknown): CellReading {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (typeof value === "string")
    return { ok: true, value: value.trim() === "" ? null : restoreSpreadsheetText(value) };
  if (typeof value === "number") {
    return Number.isFinite(value) ? { ok: true, value } : { ok: false, message: "单元格不是有效的数字" };
  }
  if (typeof value === "boolean" || value instanceof Date) return { ok: true, value };
  if (!isRecord(value)) return { ok: false, message: "无法识别的单元格内容" };
  if ("error" in value) return { ok: false, message: `单元格为错误值${String(value.error)}` };
  if ("formula" in value || "sharedFormula" in value) {
    if (value.result === undefined || value.result === null) {
      return { ok: false, message: "单元格是公式且没有计算结果，请复制后“粘贴为数值”" };
    }
    return readCell(value.result);
  }
  if (Array.isArray(value.richText)) {
    const text = value.richText
      .map((run) => (isRecord(run) && typeof run.text === "string" ? run.text : ""))
      .join("");
    return readCell(text);
  }
  if (typeof value.text === "string") return readCell(value.text);
  if ("result" in value) return readCell(value.result);
  return { ok: false, message: "无法识别的单元格内容" };
}

/** A cell as text for a header or a message: the plain value written out, "" for empty or unreadable cells. */
export function cellText(value: unknown): string {
  const reading = readCell(value);
  if (!reading.ok || reading.value === null) return "";
  if (reading.value instanceof Date) {
    return Number.isNaN(reading.value.getTime()) ? "" : reading.value.toISOString().slice(0, 10);
  }
  return String(reading.value);
}

/**
 * Text normalised for matching headers and dictionary values: Unicode NFKC (full-width letters,
 * digits and parentheses become half-width: "（" → "(", "１" → "1"), all white space removed, ASCII
 * letters lower-cased.
 */
export function normalizeForMatching(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}
