/**
 * A task's reform area (改革领域) and sub-area (子领域) from its heading path. Plans put all their tasks
 * under a shared chapter (the Wangcang plan's "二、改革举措"), so the area is the first heading level
 * where the tasks differ: the headings every task shares are skipped — but never so many that a task
 * loses its area and sub-area (two levels are kept where the tasks have them), so a plan whose tasks
 * all sit under one area keeps that area.
 *
 * @param paths every task's heading path, from the top of the document.
 * @returns how many leading heading levels to skip (0 when the tasks share none).
 * Source: issue 5 part 1 ("grouped under its four reform areas and ten sub-areas").
 */
export function sharedHeadingDepth(paths: readonly (readonly string[])[]): number {
  const withHeadings = paths.filter((path) => path.length > 0);
  const first = withHeadings[0];
  if (!first) return 0;
  const shortest = Math.min(...withHeadings.map((path) => path.length));
  let depth = 0;
  while (depth < shortest - 2 && withHeadings.every((path) => path[depth] === first[depth])) depth += 1;
  return depth;
}

/** The area and sub-area of a task whose path has `sharedDepth` shared leading headings (null when absent). */
export function areaOfPath(
  path: readonly string[],
  sharedDepth: number,
): { area: string | null; subArea: string | null } {
  return { area: path[sharedDepth] ?? null, subArea: path[sharedDepth + 1] ?? null };
}
