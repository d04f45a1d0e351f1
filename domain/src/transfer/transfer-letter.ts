import { z } from "zod";

/**
 * 组织关系介绍信 — the introduction letter of a transfer out of the installation (domain.md §4; issue 11
 * part 3): its number, its verification code and what the public check may show (the number, the
 * member's name masked, the date, the issuing committee — nothing else).
 */

/** Letters of a verification code: upper-case letters and digits without the look-alikes I, O, 0, 1. */
export const LETTER_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** Length of a verification code (32^10 ≈ 10^15 codes: not guessable under the route's rate limit). */
export const LETTER_CODE_LENGTH = 10;

/**
 * The letter's number 介绍信编号: the issue date and the transfer's id, "YYYYMMDD-NNNNNN"
 * (2026-12-06, transfer 123 → "20261206-000123"). Unique because the transfer's id is; the date it
 * carries is the letter's date (the public check reads it back with {@link letterIssuedOn}).
 */
export function transferLetterNumber(issuedOn: string, transferId: number): string {
  return `${issuedOn.replaceAll("-", "")}-${String(transferId).padStart(6, "0")}`;
}

/** The issue date "YYYY-MM-DD" a letter number carries; null for text that is not a letter number. */
export function letterIssuedOn(letterNumber: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})-\d{6,}$/.exec(letterNumber);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

/** A verification code from `random` bytes (one letter of {@link LETTER_CODE_ALPHABET} per byte). */
export function letterCodeFrom(random: Uint8Array): string {
  if (random.length < LETTER_CODE_LENGTH) throw new Error("letterCodeFrom: too few random bytes");
  return Array.from(random.slice(0, LETTER_CODE_LENGTH), (byte) => LETTER_CODE_ALPHABET[byte % 32]).join("");
}

/** A verification code as typed: trimmed, upper-cased, exactly {@link LETTER_CODE_LENGTH} code letters. */
export const letterCodeSchema = z
  .string({ error: "验证码：应为文字" })
  .trim()
  .toUpperCase()
  .regex(new RegExp(`^[${LETTER_CODE_ALPHABET}]{${LETTER_CODE_LENGTH}}$`), {
    error: `验证码：应为${LETTER_CODE_LENGTH}位字母或数字`,
  });

/**
 * A person's name masked for the public check: the first character kept, the rest as "*"
 * ("张三" → "张*", "欧阳娜娜" → "欧***"); one character gives "*".
 */
export function maskPersonName(name: string): string {
  const characters = Array.from(name.trim());
  if (characters.length <= 1) return "*";
  return `${characters[0]}${"*".repeat(characters.length - 1)}`;
}
