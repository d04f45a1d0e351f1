/**
 * 对标定级 / 评星定级 — rating a branch against the standard at year-end (domain.md §5–6; issue 12
 * part 6): the scoring sheet as data, the bands (≥ 90 five stars, 80–89 four, 70–79 three, 60–69 two,
 * < 60 unrated and put under rectification 软弱涣散), at most 20% five-star per reviewing committee,
 * branches under 6 months old exempt, ratings locked at year-end. Pure.
 */

/** One item of a scoring sheet (评分细则): a stable key, the Chinese label, the most points it gives. */
export interface StarRatingItem {
  key: string;
  label: string;
  maxPoints: number;
}

/**
 * The default scoring sheet (100 points), used where no committee on the path set its own for the
 * year. Its five areas follow the usual structure of provincial 团支部对标定级 standards (organization,
 * cadres and members, organizational life, role played, basic records); the split of points is a
 * placeholder an administrator replaces with the province's sheet (PUT /organizations/{id}/star-rating-sheet).
 */
export const DEFAULT_STAR_RATING_SHEET: readonly StarRatingItem[] = [
  { key: "organization", label: "组织设置与班子建设", maxPoints: 20 },
  { key: "members", label: "团员队伍与教育管理", maxPoints: 20 },
  { key: "organizational_life", label: "组织生活（三会两制一课）", maxPoints: 20 },
  { key: "role", label: "作用发挥与服务青年", maxPoints: 20 },
  { key: "records", label: "基础工作与团费收缴", maxPoints: 20 },
];

/** A problem of a sheet or of a score sheet filled in: the field and the Chinese message. */
export interface StarRatingProblem {
  field: string;
  message: string;
}

/** The problems of a scoring sheet (empty = valid): 1–50 items, unique keys, points > 0, total 100. */
export function starRatingSheetProblems(items: readonly StarRatingItem[]): StarRatingProblem[] {
  const problems: StarRatingProblem[] = [];
  if (items.length === 0) problems.push({ field: "items", message: "评分细则：至少一项" });
  const keys = new Set<string>();
  items.forEach((item, index) => {
    if (!/^[a-z0-9_]{1,40}$/.test(item.key))
      problems.push({
        field: `items.${index}.key`,
        message: `评分细则第${index + 1}项：编码只能用小写字母、数字和下划线`,
      });
    else if (keys.has(item.key))
      problems.push({ field: `items.${index}.key`, message: `评分细则第${index + 1}项：编码重复` });
    keys.add(item.key);
    if (!(item.maxPoints > 0) || Math.round(item.maxPoints * 10) !== item.maxPoints * 10)
      problems.push({
        field: `items.${index}.maxPoints`,
        message: `评分细则第${index + 1}项：分值须为大于0、最多一位小数的数`,
      });
  });
  const total = items.reduce((sum, item) => sum + item.maxPoints, 0);
  if (items.length > 0 && Math.abs(total - 100) > 1e-6)
    problems.push({
      field: "items",
      message: `评分细则：各项分值合计应为100分（现为${Math.round(total * 10) / 10}分）`,
    });
  return problems;
}

/**
 * The total of a filled-in sheet (one decimal), or the problems: every item scored, between 0 and its
 * maximum, no unknown item. `fieldPrefix` names the payload field ("scores").
 */
export function scoreStarRatingSheet(
  sheet: readonly StarRatingItem[],
  scores: Readonly<Record<string, number>>,
  fieldPrefix = "scores",
): { total: number; problems: StarRatingProblem[] } {
  const problems: StarRatingProblem[] = [];
  let total = 0;
  for (const item of sheet) {
    const score = scores[item.key];
    if (score === undefined) {
      problems.push({ field: `${fieldPrefix}.${item.key}`, message: `${item.label}：未评分` });
      continue;
    }
    if (!(score >= 0 && score <= item.maxPoints))
      problems.push({
        field: `${fieldPrefix}.${item.key}`,
        message: `${item.label}：得分应在0到${item.maxPoints}之间`,
      });
    else total += score;
  }
  for (const key of Object.keys(scores))
    if (!sheet.some((item) => item.key === key))
      problems.push({ field: `${fieldPrefix}.${key}`, message: `评分项“${key}”不在评分细则中` });
  return { total: Math.round(total * 10) / 10, problems };
}

/** Stars of a rating: 5…2, or 0 for unrated (软弱涣散, put under rectification). */
export type StarCount = 0 | 2 | 3 | 4 | 5;

/**
 * The band of a score (issue 12 part 6): ≥ 90 five stars, 80–89 four, 70–79 three, 60–69 two,
 * < 60 unrated (0) and under rectification.
 */
export function starsForScore(score: number): StarCount {
  if (score >= 90) return 5;
  if (score >= 80) return 4;
  if (score >= 70) return 3;
  if (score >= 60) return 2;
  return 0;
}

/** Whether a rating of `stars` puts the branch under rectification (软弱涣散团组织整顿). */
export function needsRectification(stars: number | null): boolean {
  return stars === 0;
}

/** The share of five-star branches a reviewing committee may award (≤ 20%). */
export const FIVE_STAR_SHARE_LIMIT = 0.2;

/** The most five-star ratings among `ratedBranches` branches a committee reviews: ⌊20% × n⌋. */
export function fiveStarLimit(ratedBranches: number): number {
  return Math.floor(ratedBranches * FIVE_STAR_SHARE_LIMIT + 1e-9);
}

/**
 * Why awarding five stars is refused, or null: the committee already awarded `fiveStarsSoFar` of the
 * `ratedBranches` it reviews this year, and one more would exceed 20% (issue 12 bad input: five-star
 * over 20%). The message names the count.
 */
export function fiveStarQuotaProblem(fiveStarsSoFar: number, ratedBranches: number): string | null {
  const limit = fiveStarLimit(ratedBranches);
  if (fiveStarsSoFar + 1 <= limit) return null;
  return `五星级不得超过本级评定支部数的20%：共${ratedBranches}个支部，最多${limit}个五星，已评${fiveStarsSoFar}个`;
}

/** Months a branch must exist before it is rated; younger branches are exempt (issue 12 part 6). */
export const STAR_RATING_MIN_AGE_MONTHS = 6;

/**
 * Whether a branch founded on `foundedOn` (YYYY-MM-DD; null = unknown, not exempt) is exempt from the
 * rating of `year`: founded less than 6 months before 31 December of that year.
 */
export function isExemptFromStarRating(foundedOn: string | null, year: number): boolean {
  if (foundedOn === null) return false;
  const [y, m] = foundedOn.split("-").map(Number) as [number, number];
  // Whole months from the founding date to 31 December (any day of month m reaches day ≤ 31 of December).
  const monthsAtYearEnd = (year - y) * 12 + (12 - m);
  return monthsAtYearEnd < STAR_RATING_MIN_AGE_MONTHS;
}

/** Why a rating may not be changed, or null: a locked rating (locked at year-end) is final. */
export function lockedRatingProblem(lockedAt: string | null): string | null {
  return lockedAt === null ? null : "评星定级已于年底锁定，不能再修改";
}
