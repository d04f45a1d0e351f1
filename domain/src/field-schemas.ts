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

/** Trimmed text of 1 to `maxLength` UTF-16 code units, messages naming `label`. */
export function textSchema(label: string, maxLength: number) {
  return z
    .string({ error: typeErrorMessage(label, "文本") })
    .trim()
    .min(1, { error: `${label}：不能为空` })
    .max(maxLength, { error: `${label}：不能超过${maxLength}个字符` });
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

/** A database id: a positive safe integer, messages naming `label`. */
export function idSchema(label: string) {
  return z
    .number({ error: typeErrorMessage(label, "数字") })
    .int({ error: `${label}：应为正整数` })
    .positive({ error: `${label}：应为正整数` });
}

/** A yes/no flag, messages naming `label`. */
export function booleanSchema(label: string) {
  return z.boolean({ error: typeErrorMessage(label, "是或否") });
}
