import { MEMBER_RECORD_FIELDS } from "@tuanwu/domain";
import type { LocaleContextValue } from "./locale";

/**
 * The rules' messages in English. The domain's checks (the member record schema, the citizen ID and
 * join-date rules, field-schemas) word every problem "字段名：问题" in Chinese, the language of the
 * API's 400s; the web runs the same checks in the form, so in English it rewrites the field name to
 * its English label and the problem through this table. A problem not listed keeps its Chinese.
 */
const PROBLEMS_EN: readonly [RegExp, string][] = [
  [/^必填$/, "required"],
  [/^不能为空$/, "cannot be empty"],
  [/^应为文本$/, "must be text"],
  [/^无效的取值$/, "is not one of the allowed values"],
  [/^应为正整数$/, "must be a positive whole number"],
  [/^应为有效日期，格式YYYY-MM-DD$/, "must be a real date, YYYY-MM-DD"],
  [/^不能超过(\d+)个字符$/, "at most $1 characters"],
  [/^应为11位手机号码$/, "must be an 11-digit mobile number"],
  [/^应为8至20位数字$/, "must be 8 to 20 digits"],
  [/^应为5至11位数字$/, "must be 5 to 11 digits"],
  [/^格式不正确，应如name@example\.com$/, "is not an address like name@example.com"],
  [/^不能晚于今天$/, "cannot be after today"],
  [/^不能早于出生日期$/, "cannot be before the date of birth"],
  [/^与公民身份号码不一致（号码中为(.+)）$/, "does not match the citizen ID (which says $1)"],
  [/^与政治面貌不一致$/, "does not match the political status"],
  [/^非党员不应填写入党时间$/, "is only for Party members"],
  [/^应为18位$/, "must be 18 characters"],
  [/^前17位应为数字，最后一位为数字或X$/, "must be 17 digits and a final digit or X"],
  [/^出生日期不是有效日期$/, "holds a birth date that is not a real date"],
  [/^出生日期不能早于1900年$/, "holds a birth date before 1900"],
  [/^出生日期不能晚于今天$/, "holds a birth date after today"],
  [/^校验码不正确，请核对号码$/, "has a wrong check digit; please check the number"],
  [/^不能早于年满14周岁之日（(.+)）$/, "cannot be before the 14th birthday ($1)"],
  [/^应早于年满28周岁之日（(.+)）$/, "must be before the 28th birthday ($1)"],
  [/^不能早于年满18周岁之日（(.+)）$/, "cannot be before the 18th birthday ($1)"],
  [/^不能早于入团时间$/, "cannot be before joining the League"],
];

/** Chinese field label → English label, from the member record's field specs. */
const LABELS_EN = new Map<string, string>(MEMBER_RECORD_FIELDS.map((spec) => [spec.zh, spec.en]));

/**
 * A domain rule's message ("公民身份号码：应为18位") in the user's language: unchanged in Chinese;
 * in English "Citizen ID number: must be 18 characters".
 */
export function localizeDomainMessage(message: string, locale: LocaleContextValue["locale"]): string {
  if (locale === "zh-CN") return message;
  const separator = message.indexOf("：");
  const label = separator < 0 ? undefined : message.slice(0, separator);
  const problem = separator < 0 ? message : message.slice(separator + 1);
  const rule = PROBLEMS_EN.find(([pattern]) => pattern.test(problem));
  const englishProblem = rule ? problem.replace(rule[0], rule[1]) : problem;
  if (label === undefined) return englishProblem;
  return `${LABELS_EN.get(label) ?? label}: ${englishProblem}`;
}
