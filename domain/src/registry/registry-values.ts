import { formatIsoDate, parseIsoDate } from "../dates/iso-date";
import { DICTIONARIES, type DictionaryName } from "../dictionaries/all-dictionaries";
import { normalizeForMatching, readCell } from "./registry-cells";

/**
 * Parsers of the values found in registry spreadsheets (智慧团建 exports, tuanwu's template,
 * hand-made sheets): dates in the forms in use, Excel date serials and Date cells, yes/no, and
 * dictionary values by Chinese label or code. Each returns the value or a Chinese message saying what
 * was expected; the caller adds the column's name.
 */

/** A parsed value, or a Chinese message saying what was expected. */
export type RegistryValueResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Whether a date was given to the day, or only to the month (then read as the 1st). */
export type DatePrecision = "day" | "month";

/** A parsed date: "YYYY-MM-DD" and how precise the source was. */
export type RegistryDateResult =
  | { ok: true; value: string; precision: DatePrecision }
  | { ok: false; message: string };

/** Earliest and latest years a date in a registry sheet may have. */
const EARLIEST_YEAR = 1900;
const LATEST_YEAR = 2999;

/** Largest number read as an Excel date serial (60000 = 2064-04-08). */
export const EXCEL_SERIAL_MAX = 60000;

const DATE_EXAMPLES = "如2015-05-04、2015-05、2015年5月4日或2015/5/4";

function dateFromParts(
  year: number,
  month: number,
  day: number | undefined,
  source: string,
): RegistryDateResult {
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) {
    return { ok: false, message: `“${source}”不是有效日期：年份应在${EARLIEST_YEAR}至${LATEST_YEAR}之间` };
  }
  if (month < 1 || month > 12) return { ok: false, message: `“${source}”不是有效日期：月份应为1至12` };
  const precision: DatePrecision = day === undefined ? "month" : "day";
  const date = parseIsoDate(formatIsoDate({ year, month, day: day ?? 1 }));
  if (date === null)
    return { ok: false, message: `“${source}”不是有效日期：${year}年${month}月没有${day}日` };
  return { ok: true, value: formatIsoDate(date), precision };
}

/**
 * An Excel date serial as a date: 1 = 1900-01-01. Excel counts a 29 February 1900 that never was
 * (the 1900 leap-year bug, kept for Lotus 1-2-3 compatibility), so serials from 61 on are one day
 * ahead: 61 = 1900-03-01, 42125 = 2015-05-01; 60 is refused. A time of day (the fraction) is dropped.
 */
export function excelSerialToDate(serial: number): RegistryDateResult {
  const whole = Math.floor(serial);
  if (!Number.isFinite(serial) || whole < 1 || whole > EXCEL_SERIAL_MAX) {
    return { ok: false, message: `数字${serial}不是日期：应为日期，${DATE_EXAMPLES}` };
  }
  if (whole === 60) return { ok: false, message: "数字60是Excel中不存在的1900年2月29日，不是有效日期" };
  const epoch = whole < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const date = new Date(epoch + whole * 86_400_000);
  return {
    ok: true,
    value: formatIsoDate({
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
    }),
    precision: "day",
  };
}

/**
 * Read a date from a registry cell. Accepted: text 2015-05-04, 2015-5-4, 2015/5/4, 2015.05.04,
 * 2015年5月4日 (or 号), 20150504, and the month-only 2015-05, 2015/5, 2015.05, 2015年5月, 201505 (read
 * as the 1st, precision "month"); a time after the date is ignored; full-width digits are accepted.
 * Numbers from 1 to {@link EXCEL_SERIAL_MAX} are Excel date serials ({@link excelSerialToDate});
 * numbers of 6 or 8 digits are read like the text. Date objects (ExcelJS's date cells, at UTC
 * midnight) are read from their UTC parts. Years 1900–2999.
 */
export function parseRegistryDate(value: unknown): RegistryDateResult {
  const reading = readCell(value);
  if (!reading.ok) return reading;
  const cell = reading.value;
  if (cell === null) return { ok: false, message: `不能为空，应为日期，${DATE_EXAMPLES}` };
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return { ok: false, message: `不是有效日期，${DATE_EXAMPLES}` };
    return dateFromParts(
      cell.getUTCFullYear(),
      cell.getUTCMonth() + 1,
      cell.getUTCDate(),
      cell.toISOString(),
    );
  }
  if (typeof cell === "boolean") return { ok: false, message: `应为日期，${DATE_EXAMPLES}` };
  if (typeof cell === "number") {
    if (Number.isInteger(cell) && /^\d{6}$|^\d{8}$/.test(String(cell))) return parseDateText(String(cell));
    return excelSerialToDate(cell);
  }
  return parseDateText(cell);
}

function parseDateText(text: string): RegistryDateResult {
  const source = text.trim();
  const withoutTime = source
    .normalize("NFKC")
    .trim()
    .replace(/(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$/i, "");
  const compact = withoutTime.replace(/\s+/g, "");
  const separated = /^(\d{4})([-./])(\d{1,2})(?:\2(\d{1,2}))?$/.exec(compact);
  if (separated)
    return dateFromParts(Number(separated[1]), Number(separated[3]), optionalNumber(separated[4]), source);
  const chinese = /^(\d{4})年(\d{1,2})月(?:(\d{1,2})[日号]?)?$/.exec(compact);
  if (chinese)
    return dateFromParts(Number(chinese[1]), Number(chinese[2]), optionalNumber(chinese[3]), source);
  const digits = /^(\d{4})(\d{2})(\d{2})?$/.exec(compact);
  if (digits) return dateFromParts(Number(digits[1]), Number(digits[2]), optionalNumber(digits[3]), source);
  return { ok: false, message: `“${source}”不是可识别的日期，应为日期，${DATE_EXAMPLES}` };
}

function optionalNumber(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}

const TRUE_WORDS = new Set(["是", "y", "yes", "true", "1", "√", "✓", "✔"]);
const FALSE_WORDS = new Set(["否", "n", "no", "false", "0", "×", "✗", "✘"]);

/**
 * Read yes/no: 是/否, Y/N, yes/no, true/false, 1/0, √/× (any case, full-width accepted), or a boolean
 * cell. `extra` adds words for one column, e.g. 已认证/未认证 for 实名认证状态.
 */
export function parseRegistryBoolean(
  value: unknown,
  extra: { yes: readonly string[]; no: readonly string[] } = { yes: [], no: [] },
): RegistryValueResult<boolean> {
  const reading = readCell(value);
  if (!reading.ok) return reading;
  const cell = reading.value;
  if (typeof cell === "boolean") return { ok: true, value: cell };
  if (typeof cell === "string" || typeof cell === "number") {
    const word = normalizeForMatching(String(cell));
    if (TRUE_WORDS.has(word) || extra.yes.includes(word)) return { ok: true, value: true };
    if (FALSE_WORDS.has(word) || extra.no.includes(word)) return { ok: true, value: false };
  }
  const expected = extra.yes.length > 0 ? `“${extra.yes[0]}”或“${extra.no[0] ?? "否"}”` : "“是”或“否”";
  return { ok: false, message: `应为${expected}` };
}

/** The words of 实名认证状态, for {@link parseRegistryBoolean}. */
export const REAL_NAME_STATUS_WORDS = {
  yes: ["已认证", "已实名", "已实名认证", "认证"],
  no: ["未认证", "未实名", "未实名认证", "待认证"],
} as const;

/**
 * Other spellings found in registry sheets, per dictionary, mapped to codes (after
 * {@link normalizeForMatching}). Labels, codes and English labels are always accepted; these add the
 * common long and short forms. An ethnicity may also be written without 族 (汉 → 汉族).
 */
export const REGISTRY_VALUE_ALIASES: Readonly<
  Partial<Record<DictionaryName, Readonly<Record<string, string>>>>
> = {
  sexes: { 男性: "male", 女性: "female", m: "male", f: "female", "1": "male", "2": "female" },
  politicalStatuses: {
    共青团员: "league_member",
    中国共产主义青年团团员: "league_member",
    党员: "party_member",
    中共正式党员: "party_member",
    中国共产党党员: "party_member",
    预备党员: "probationary_party_member",
    中国共产党预备党员: "probationary_party_member",
  },
  educationLevels: {
    大学本科: "bachelor",
    大学专科: "junior_college",
    专科: "junior_college",
    中专: "secondary_vocational",
    中等专科: "secondary_vocational",
    职高: "secondary_vocational",
    技校: "secondary_vocational",
    普通高中: "senior_high",
    硕士研究生: "master",
    博士研究生: "doctorate",
  },
  occupations: { 在校学生: "student", 无业: "other", 待业: "other", 务农: "farmer" },
  leaguePositions: {
    团支部书记: "secretary",
    团支部副书记: "deputy_secretary",
    团总支书记: "secretary",
    团总支副书记: "deputy_secretary",
    团委书记: "secretary",
    团委副书记: "deputy_secretary",
  },
  cadreKinds: { 专职团干部: "full_time", 兼职团干部: "part_time", 挂职团干部: "seconded" },
  idDocumentTypes: {
    居民身份证: "resident_id_card",
    身份证: "resident_id_card",
    二代身份证: "resident_id_card",
    中华人民共和国居民身份证: "resident_id_card",
    境外身份证件: "overseas_id_card",
  },
};

const CODE_BY_WORD: ReadonlyMap<DictionaryName, ReadonlyMap<string, string>> = new Map(
  (Object.keys(DICTIONARIES) as DictionaryName[]).map((name) => {
    const words = new Map<string, string>();
    for (const entry of DICTIONARIES[name]) {
      for (const word of [entry.en, entry.code, entry.zh]) words.set(normalizeForMatching(word), entry.code);
    }
    for (const [alias, code] of Object.entries(REGISTRY_VALUE_ALIASES[name] ?? {})) {
      words.set(normalizeForMatching(alias), code);
    }
    return [name, words];
  }),
);

/**
 * Read a dictionary value by its Chinese label, its code or its English label (汉族 or han; 中共党员;
 * 本科; 非公企业职工), or a known other spelling ({@link REGISTRY_VALUE_ALIASES}); full-width and spaces
 * are ignored.
 */
export function parseRegistryDictionaryValue(
  dictionary: DictionaryName,
  value: unknown,
): RegistryValueResult<string> {
  const reading = readCell(value);
  if (!reading.ok) return reading;
  const cell = reading.value;
  const entries = DICTIONARIES[dictionary];
  const words = CODE_BY_WORD.get(dictionary);
  if (words !== undefined && (typeof cell === "string" || typeof cell === "number")) {
    const word = normalizeForMatching(String(cell));
    const code = words.get(word) ?? (dictionary === "ethnicities" ? words.get(`${word}族`) : undefined);
    if (code !== undefined) return { ok: true, value: code };
  }
  const shown = cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell);
  const expected =
    entries.length <= 15
      ? entries.map((entry) => entry.zh).join("、")
      : `下拉列表中的值，如${entries
          .slice(0, 3)
          .map((entry) => entry.zh)
          .join("、")}`;
  return { ok: false, message: `无法识别“${shown}”，应为${expected}` };
}

/**
 * Read text: text trimmed; a whole number written out (a phone, QQ or member number stored as a
 * number); refused: numbers too long for Excel to keep exactly (more than 15 digits — the last digits
 * are already lost), dates and yes/no cells.
 */
export function parseRegistryText(value: unknown): RegistryValueResult<string> {
  const reading = readCell(value);
  if (!reading.ok) return reading;
  const cell = reading.value;
  if (typeof cell === "string") return { ok: true, value: cell.trim() };
  if (typeof cell === "number") {
    if (Number.isInteger(cell) && Math.abs(cell) >= 1e15) {
      return { ok: false, message: "数字位数过多，Excel已丢失末几位；请把该列设为文本格式后重新填写" };
    }
    return { ok: true, value: String(cell) };
  }
  return { ok: false, message: "应为文本" };
}

/** Placeholders meaning "nothing" in optional columns (无, /, -, —, 暂无, N/A); read as empty. */
export const EMPTY_PLACEHOLDERS: ReadonlySet<string> = new Set([
  "无",
  "/",
  "-",
  "—",
  "--",
  "——",
  "暂无",
  "n/a",
  "null",
]);

/** Whether a cell is empty or holds a placeholder ({@link EMPTY_PLACEHOLDERS}). */
export function isEmptyCell(value: unknown): boolean {
  const reading = readCell(value);
  if (!reading.ok) return false;
  const cell = reading.value;
  return cell === null || (typeof cell === "string" && EMPTY_PLACEHOLDERS.has(normalizeForMatching(cell)));
}
