import type { OrganizationKind } from "../organization/organization-kind";

/**
 * Organization names as the national registry (智慧团建) and tuanwu write them, reduced to one
 * comparable form (issue 15 parts 4–5). The registry writes full legal names ("共青团旺苍县东河镇委员会",
 * "东河镇幸福村村民委员会团支部", "共青团某公司支部委员会"); tuanwu's scaffold writes "共青团东河镇委员会"
 * with the short name "东河镇团委", and "幸福村团支部". The rules, in order:
 * 1. NFKC (full-width letters, digits and brackets become half-width), whitespace removed, lower case;
 * 2. the League prefix "中国共产主义青年团" / "共青团" dropped;
 * 3. the kind's suffix written one way: …团支部委员会 / …支部委员会 / …团支部 → …团支部;
 *    …团总支部委员会 / …总支部委员会 / …团总支 → …团总支; …工作委员会 / …团工委 / …工委 → …团工委;
 *    …委员会 (after the prefix) / …团委 / 团…委 → …团委;
 * 4. the grassroots body's name: 村民委员会 → 村, 居民委员会 → 社区 (社区居民委员会 → 社区), 村村 → 村.
 */

/** The League prefixes a registry name may carry, longest first. */
const LEAGUE_PREFIXES = ["中国共产主义青年团", "共青团"] as const;

/** Kind suffixes → the one written form; longest first so that "团支部委员会" wins over "委员会". */
const KIND_SUFFIXES: readonly { variants: readonly string[]; canonical: string; kind: OrganizationKind }[] = [
  {
    variants: ["团总支部委员会", "总支部委员会", "团总支部", "团总支"],
    canonical: "团总支",
    kind: "general_branch",
  },
  { variants: ["团支部委员会", "支部委员会", "团支部"], canonical: "团支部", kind: "branch" },
  { variants: ["工作委员会", "团工委"], canonical: "团工委", kind: "working_committee" },
  { variants: ["团委员会", "委员会", "团委"], canonical: "团委", kind: "committee" },
];

/** Names of grassroots bodies → their short form (village and residents' committees). */
const BODY_REPLACEMENTS: readonly [RegExp, string][] = [
  [/社区居民委员会/g, "社区"],
  [/居民委员会/g, "社区"],
  [/村民委员会/g, "村"],
  [/村村/g, "村"],
];

/** Full-width → half-width, no whitespace, lower case (the registry mixes both widths). */
function foldWidth(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}

/**
 * Splits a name into its core and its kind: "共青团旺苍县委员会" → {core "旺苍县", kind committee},
 * "团旺苍县委" → {core "旺苍县", kind committee}, "幸福村村民委员会团支部" → {core "幸福村", kind branch}.
 * A name without a recognised suffix keeps its whole text as the core and `kind` null.
 * Pure; never throws.
 */
export function splitOrganizationName(name: string): { core: string; kind: OrganizationKind | null } {
  let text = foldWidth(name);
  let prefixed = false;
  for (const prefix of LEAGUE_PREFIXES) {
    if (text.startsWith(prefix) && text.length > prefix.length) {
      text = text.slice(prefix.length);
      prefixed = true;
      break;
    }
  }
  let kind: OrganizationKind | null = null;
  for (const suffix of KIND_SUFFIXES) {
    const variant = suffix.variants.find(
      (candidate) => text.endsWith(candidate) && text.length > candidate.length,
    );
    if (variant === undefined) continue;
    // A bare "委员会" is a League committee only after the League prefix (else it is e.g. 村民委员会).
    if (variant === "委员会" && !prefixed) continue;
    text = text.slice(0, -variant.length);
    kind = suffix.kind;
    break;
  }
  // "团旺苍县委" / "共青团旺苍县委": the short form of a committee.
  if (kind === null && /^团.+委$/.test(text) && !/(工|村|居)委$/.test(text)) {
    text = text.slice(1, -1);
    kind = "committee";
  } else if (kind === null && prefixed && text.endsWith("委") && text.length > 1) {
    text = text.slice(0, -1);
    kind = "committee";
  }
  for (const [pattern, replacement] of BODY_REPLACEMENTS) text = text.replace(pattern, replacement);
  return { core: text, kind };
}

/**
 * The comparable form of an organization name (rules in this module's header): two names that the
 * registry and tuanwu write differently for the same organization give the same text, e.g.
 * "共青团旺苍县委员会", "团旺苍县委" and "旺苍县团委" all give "旺苍县团委"; "幸福村村民委员会团支部",
 * "共青团幸福村支部委员会" and "幸福村团支部" all give "幸福村团支部". Pure; never throws.
 */
export function normalizeOrganizationName(name: string): string {
  const { core, kind } = splitOrganizationName(name);
  if (kind === null) return core;
  const suffix = KIND_SUFFIXES.find((entry) => entry.kind === kind);
  return `${core}${suffix?.canonical ?? ""}`;
}

/** The kind a name's suffix says (团支部 → branch, 团总支 → general_branch…), null when it says none. */
export function kindFromOrganizationName(name: string): OrganizationKind | null {
  return splitOrganizationName(name).kind;
}

function bigrams(text: string): string[] {
  const characters = [...text];
  if (characters.length < 2) return characters;
  const result: string[] = [];
  for (let index = 0; index < characters.length - 1; index += 1) {
    result.push(`${characters[index]}${characters[index + 1]}`);
  }
  return result;
}

/**
 * Similarity of two organization names, 0–1: the Dice coefficient of the character bigrams of their
 * normalized forms ({@link normalizeOrganizationName}); 1 when the normalized forms are equal.
 * Pure; never throws.
 */
export function organizationNameSimilarity(a: string, b: string): number {
  const left = normalizeOrganizationName(a);
  const right = normalizeOrganizationName(b);
  if (left === right) return 1;
  const leftGrams = bigrams(left);
  const rightGrams = new Map<string, number>();
  for (const gram of bigrams(right)) rightGrams.set(gram, (rightGrams.get(gram) ?? 0) + 1);
  const total = leftGrams.length + [...rightGrams.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return 0;
  let shared = 0;
  for (const gram of leftGrams) {
    const count = rightGrams.get(gram) ?? 0;
    if (count > 0) {
      shared += 1;
      rightGrams.set(gram, count - 1);
    }
  }
  return (2 * shared) / total;
}

/**
 * The `limit` candidates most similar to `name` ({@link organizationNameSimilarity}), best first, those
 * scoring at least `minimum` (default 0.3); ties keep the input order. Pure.
 */
export function rankNameCandidates<T extends { name: string }>(
  name: string,
  candidates: readonly T[],
  limit = 5,
  minimum = 0.3,
): { candidate: T; score: number }[] {
  return candidates
    .map((candidate, index) => ({
      candidate,
      score: organizationNameSimilarity(name, candidate.name),
      index,
    }))
    .filter((entry) => entry.score >= minimum)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit)
    .map(({ candidate, score }) => ({ candidate, score: Math.round(score * 1000) / 1000 }));
}
