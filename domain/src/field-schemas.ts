import { z } from "zod";
import { isIsoDate } from "./dates/iso-date";

/**
 * Building blocks for zod schemas whose error messages are in Chinese and name the field, as
 * "字段名：问题" (e.g. "组织名称：不能为空"), so the API can answer 400 naming the field (style.md).
 */

/** The error map of a field of `label` expecting `expected` (e.g. "文本"): missing → "…：必填", wrong type → "…：应为…". */
export function typeErrorMessage(label: string, expected: string): (issue: { input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? `${label}：必填` : `${label}：应为${expected}`);
}

/**
 * Control characters no text input may hold: C0 except tab, line feed and carriage return, DEL and
 * C1. PostgreSQL refuses U+0000 in text (a 500 before this check), the others are never typed.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Characters that show nothing: white space and format characters such as the zero-width space U+200B. */
const INVISIBLE_CHARACTERS = /[\p{White_Space}\p{Cf}]/gu;

/** True when `text` shows nothing: empty, or only white space and zero-width (format) characters. */
export function isBlankText(text: string): boolean {
  return text.replace(INVISIBLE_CHARACTERS, "").length === 0;
}

/**
 * Trimmed text of 1 to `maxLength` UTF-16 code units, messages naming `label`: refuses control
 * characters ({@link CONTROL_CHARACTERS}) and text that shows nothing ({@link isBlankText}, e.g. only a
 * zero-width space). The one schema for a text input (names, titles, reasons).
 */
export function textSchema(label: string, maxLength: number) {
  return z
    .string({ error: typeErrorMessage(label, "文本") })
    .trim()
    .min(1, { error: `${label}：不能为空` })
    .max(maxLength, { error: `${label}：不能超过${maxLength}个字符` })
    .refine((text) => !CONTROL_CHARACTERS.test(text), { error: `${label}：不能包含控制字符` })
    .refine((text) => text === "" || !isBlankText(text), { error: `${label}：不能为空` });
}

/** Text matching `pattern`, messages naming `label`; `rule` describes the pattern in Chinese. */
export function patternSchema(label: string, pattern: RegExp, rule: string) {
  return z.string({ error: typeErrorMessage(label, "文本") }).regex(pattern, { error: `${label}：${rule}` });
}

/** A real calendar date "YYYY-MM-DD" (see {@link isIsoDate}), messages naming `label`. */
export function isoDateSchema(label: string) {
  return z
    .string({ error: typeErrorMessage(label, "日期") })
    .refine(isIsoDate, { error: `${label}：应为有效日期，格式YYYY-MM-DD` });
}

/** One of `values`, messages naming `label`. */
export function enumSchema<const T extends readonly string[]>(label: string, values: T) {
  return z.enum(values, {
    error: (issue) => (issue.input === undefined ? `${label}：必填` : `${label}：无效的取值`),
  });
}

/** The largest id an `integer` (serial) column holds: 2^31 − 1. */
export const MAX_DATABASE_ID = 2_147_483_647;

/** An id written as text (a path or query parameter): plain decimal digits, no sign, space, 0x or exponent. */
const DECIMAL_ID = /^[1-9][0-9]{0,9}$/;

/**
 * A database id in a JSON body: a positive 32-bit integer (1 to {@link MAX_DATABASE_ID}), a JSON number
 * (text such as "5" is refused). Larger ids are refused with 400 rather than reaching the database,
 * where they failed with a 500. Messages name `label`. Paths and query strings use {@link idTextSchema}.
 */
export function idSchema(label: string) {
  return z
    .number({ error: typeErrorMessage(label, "数字") })
    .int({ error: `${label}：应为正整数` })
    .positive({ error: `${label}：应为正整数` })
    .max(MAX_DATABASE_ID, { error: `${label}：超出范围（最大 ${MAX_DATABASE_ID}）` });
}

/**
 * A database id in a path or query parameter: plain decimal digits ("16"; never "0x10", "1e3", "+2",
 * " 2" or "016"), then the same rule as {@link idSchema}. Documented in OpenAPI as an integer.
 */
export function idTextSchema(label: string) {
  return z
    .preprocess(
      (input) => (typeof input === "string" && DECIMAL_ID.test(input) ? Number(input) : input),
      idSchema(label),
    )
    .meta({ type: "integer", minimum: 0, exclusiveMinimum: true, maximum: MAX_DATABASE_ID });
}

/** A yes/no flag, messages naming `label`. */
export function booleanSchema(label: string) {
  return z.boolean({ error: typeErrorMessage(label, "是或否") });
}
