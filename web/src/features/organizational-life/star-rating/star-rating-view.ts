import { type StarCount, starsForScore } from "@tuanwu/domain";
import type { Translate } from "../../../i18n/use-t";

/** The band of a score in the user's language (≥ 90 five stars … < 60 unrated, 软弱涣散). */
export function bandLabel(t: Translate, stars: StarCount | number): string {
  switch (stars) {
    case 5:
      return t("starRating.five");
    case 4:
      return t("starRating.four");
    case 3:
      return t("starRating.three");
    case 2:
      return t("starRating.two");
    default:
      return t("starRating.unrated");
  }
}

/** The band of a score (domain starsForScore). */
export function bandOfScore(t: Translate, score: number): string {
  return bandLabel(t, starsForScore(score));
}

/** Adds up scores per item, to one decimal. */
export function totalOf(scores: Record<string, number | null | undefined>): number {
  const sum = Object.values(scores).reduce<number>((total, value) => total + (value ?? 0), 0);
  return Math.round(sum * 10) / 10;
}

/** The path of a rating's page. */
export function starRatingPath(organizationId: number, ratingId: number): string {
  return `/orgs/${organizationId}/star-ratings/${ratingId}`;
}
