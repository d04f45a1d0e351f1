/** Which values rank first: the highest (e.g. progress, scores) or the lowest (e.g. overdue counts). */
export type RankDirection = "highest_first" | "lowest_first";

/** An entry with its rank (1 = best), or null when it has no value to rank by. */
export interface Ranked<Entry> {
  entry: Entry;
  rank: number | null;
}

/**
 * Ranks entries by a value (standard competition ranking, "1224": equal values share a rank and the
 * next rank skips), best first by `direction`. Entries without a value (null) come last with rank
 * null. Entries with equal values keep their input order. Used by evaluation results and the city
 * view (issue 5 parts 5 and 7: "ranks them").
 */
export function rankByValue<Entry>(
  entries: readonly Entry[],
  rankValueOf: (entry: Entry) => number | null,
  direction: RankDirection,
): Ranked<Entry>[] {
  const valued = entries
    .map((entry, index) => ({ entry, index, value: rankValueOf(entry) }))
    .filter((item): item is { entry: Entry; index: number; value: number } => item.value !== null)
    .sort((a, b) =>
      a.value === b.value
        ? a.index - b.index
        : direction === "highest_first"
          ? b.value - a.value
          : a.value - b.value,
    );
  const ranked: Ranked<Entry>[] = [];
  valued.forEach((item, position) => {
    const previous = valued[position - 1];
    const previousRank = ranked[position - 1]?.rank ?? null;
    const rank = previous !== undefined && previous.value === item.value ? previousRank : position + 1;
    ranked.push({ entry: item.entry, rank });
  });
  for (const entry of entries) {
    if (rankValueOf(entry) === null) ranked.push({ entry, rank: null });
  }
  return ranked;
}
