import type { Dictionary, DictionaryCode } from "./dictionary";

/** Political status (政治面貌) of a member: 团员, 中共党员, 中共预备党员 (national registry, domain.md §2). */
export const POLITICAL_STATUSES = [
  { code: "league_member", zh: "团员", en: "League member" },
  { code: "party_member", zh: "中共党员", en: "CPC member" },
  { code: "probationary_party_member", zh: "中共预备党员", en: "CPC probationary member" },
] as const satisfies Dictionary;

/** Code of a political status (see {@link POLITICAL_STATUSES}). */
export type PoliticalStatusCode = DictionaryCode<typeof POLITICAL_STATUSES>;

/**
 * Whether a political status means the member is in the Party: full members and probationary
 * members (预备党员 are Party members on probation, 党章 Article 7) — this is what "是否党员" records.
 */
export function isPartyPoliticalStatus(code: PoliticalStatusCode): boolean {
  return code === "party_member" || code === "probationary_party_member";
}
