/**
 * Masking of personal data (domain.md §2 "Who sees personal data"): citizen ID and phone are
 * masked in every list, search result and ordinary export, and shown in full only to those with
 * the permission "member:read_personal" on the member's detail view or a full export.
 */

/**
 * Mask a citizen ID, keeping the first 4 and last 4 characters:
 * "51082119950101123X" → "5108**********123X". Trimmed and upper-cased first; text of 8 characters
 * or fewer is masked entirely. `null` gives `null`.
 */
export function maskCitizenId(value: string): string;
export function maskCitizenId(value: string | null): string | null;
export function maskCitizenId(value: string | null): string | null {
  if (value === null) return null;
  const normalized = value.trim().toUpperCase();
  return keepEnds(normalized, 4, 4);
}

/**
 * Mask a phone number, keeping the first 3 and last 4 characters: "13812345678" → "138****5678".
 * Trimmed first; text of 7 characters or fewer is masked entirely. `null` gives `null`.
 */
export function maskPhone(value: string): string;
export function maskPhone(value: string | null): string | null;
export function maskPhone(value: string | null): string | null {
  if (value === null) return null;
  return keepEnds(value.trim(), 3, 4);
}

function keepEnds(value: string, head: number, tail: number): string {
  if (value.length <= head + tail) return "*".repeat(value.length);
  return value.slice(0, head) + "*".repeat(value.length - head - tail) + value.slice(value.length - tail);
}
