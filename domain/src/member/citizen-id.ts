import { compareIsoDates, formatIsoDate, parseIsoDate, requireIsoDate } from "../dates/iso-date";
import type { Sex } from "./sex";

/**
 * The citizen identity number (公民身份号码) of GB 11643-1999: 18 characters — a 6-digit address
 * code (the division of first registration, GB/T 2260), an 8-digit birth date YYYYMMDD, a 3-digit
 * sequence code whose last digit is odd for men and even for women, and a check character computed
 * with ISO 7064 MOD 11-2 (a digit or "X" for 10).
 */

/** The weights of the 17 body digits in ISO 7064 MOD 11-2: 2^(18−i) mod 11 for position i = 1…17. */
const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** The check character for each remainder 0…10 of the weighted sum modulo 11. */
const CHECK_CHARACTERS = "10X98765432";

/** Earliest birth date accepted in a citizen ID (the registry holds no one born before 1900). */
export const EARLIEST_CITIZEN_BIRTH_DATE = "1900-01-01";

/** Why a citizen ID was refused: wrong length, wrong characters, impossible birth date, wrong check character. */
export type CitizenIdFailureReason = "length" | "format" | "birth_date" | "check_digit";

/** What {@link validateCitizenId} found. */
export type CitizenIdValidation =
  | {
      ok: true;
      /** The normalised number: trimmed, a final "x" upper-cased. */
      value: string;
      /** Birth date from digits 7–14, "YYYY-MM-DD". */
      birthDate: string;
      /** From the 17th digit: odd = male, even = female. */
      sex: Sex;
      /** Address code, the first 6 digits (division of first registration, GB/T 2260). */
      divisionCode: string;
    }
  | { ok: false; reason: CitizenIdFailureReason; message: string };

/** Options of {@link validateCitizenId}. */
export interface ValidateCitizenIdOptions {
  /**
   * Today, "YYYY-MM-DD", to refuse birth dates in the future. The domain never reads the clock;
   * without `today` the future check is skipped (the other checks still apply).
   */
  today?: string;
}

/**
 * The check character of a citizen ID from its first 17 digits (GB 11643-1999, ISO 7064 MOD 11-2):
 * the sum of each digit times its weight 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, modulo 11, mapped
 * 0→"1", 1→"0", 2→"X", 3→"9", … 10→"2".
 *
 * @param first17 exactly 17 ASCII digits.
 * @returns "0"–"9" or "X".
 * @throws RangeError if `first17` is not 17 digits.
 */
export function citizenIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError(`citizenIdCheckDigit needs 17 digits, got ${JSON.stringify(first17)}`);
  }
  let sum = 0;
  for (let index = 0; index < 17; index += 1) {
    sum += Number(first17[index]) * CHECK_WEIGHTS[index]!;
  }
  return CHECK_CHARACTERS[sum % 11]!;
}

/** Trim a citizen ID and upper-case a final "x" (so "…002x" is read as "…002X"). No other change. */
export function normalizeCitizenId(value: string): string {
  return value.trim().toUpperCase();
}

/**
 * Check a citizen ID (GB 11643-1999) and read the birth date, sex and address code from it.
 * Leading/trailing spaces are ignored and a lower-case "x" is accepted as "X".
 *
 * Checks, in order: 18 characters ("length"; the old 15-digit numbers are refused); 17 digits then a
 * digit or X ("format"); digits 7–14 a real date, not before 1900-01-01, not after `options.today`
 * ("birth_date"); the check character ("check_digit").
 *
 * @param value the number as typed.
 * @param options `today` to refuse birth dates in the future.
 * @returns `{ ok: true, value, birthDate, sex, divisionCode }` or `{ ok: false, reason, message }`
 *   with a Chinese message naming 公民身份号码.
 * @throws RangeError if `options.today` is given but is not a real "YYYY-MM-DD" date.
 */
export function validateCitizenId(
  value: string,
  options: ValidateCitizenIdOptions = {},
): CitizenIdValidation {
  if (options.today !== undefined) requireIsoDate(options.today, "today");
  const normalized = normalizeCitizenId(value);
  if (normalized.length !== 18) {
    return { ok: false, reason: "length", message: "公民身份号码：应为18位" };
  }
  if (!/^\d{17}[\dX]$/.test(normalized)) {
    return { ok: false, reason: "format", message: "公民身份号码：前17位应为数字，最后一位为数字或X" };
  }
  const digits = normalized.slice(6, 14);
  const birth = parseIsoDate(`${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`);
  if (!birth) {
    return { ok: false, reason: "birth_date", message: "公民身份号码：出生日期不是有效日期" };
  }
  const birthDate = formatIsoDate(birth);
  if (compareIsoDates(birthDate, EARLIEST_CITIZEN_BIRTH_DATE) < 0) {
    return { ok: false, reason: "birth_date", message: "公民身份号码：出生日期不能早于1900年" };
  }
  if (options.today !== undefined && compareIsoDates(birthDate, options.today) > 0) {
    return { ok: false, reason: "birth_date", message: "公民身份号码：出生日期不能晚于今天" };
  }
  if (citizenIdCheckDigit(normalized.slice(0, 17)) !== normalized[17]) {
    return { ok: false, reason: "check_digit", message: "公民身份号码：校验码不正确，请核对号码" };
  }
  return {
    ok: true,
    value: normalized,
    birthDate,
    sex: Number(normalized[16]) % 2 === 1 ? "male" : "female",
    divisionCode: normalized.slice(0, 6),
  };
}
