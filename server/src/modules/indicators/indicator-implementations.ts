import type { IndicatorId } from "@tuanwu/domain";
import { ANNUAL_CYCLE_INDICATORS } from "./families/annual-cycle.indicators";
import { CADRE_INDICATORS } from "./families/cadre.indicators";
import { COVERAGE_INDICATORS } from "./families/coverage.indicators";
import { DUES_AND_RATING_INDICATORS } from "./families/dues-and-rating.indicators";
import { ENTERED_RATIO_INDICATORS } from "./families/entered-ratio.indicators";
import { MEMBER_DIMENSION_INDICATORS } from "./families/member-dimension.indicators";
import { ORGANIZATIONAL_LIFE_INDICATORS } from "./families/organizational-life.indicators";
import { PARTY_RECOMMENDATION_INDICATORS } from "./families/party-recommendation.indicators";
import { SECTOR_INDICATORS } from "./families/sector.indicators";
import { TOTAL_INDICATORS } from "./families/totals.indicators";
import { TRANSFER_RATE_INDICATORS } from "./families/transfer-rates.indicators";
import { YOUTH_HOME_INDICATORS } from "./families/youth-home.indicators";
import type { IndicatorImplementation } from "./indicator-family";

/**
 * How each indicator of the domain catalog (domain/src/indicators/catalog.ts) is computed and listed,
 * keyed by its id, gathered from the families (families/*.indicators.ts). `satisfies` makes the
 * compiler refuse a catalog id without an implementation (and an id the catalog does not know).
 * Counts by a member dimension come from the subtree counters (exact for today and every past
 * month-end); the cadre profile, 配备率 and 信息完整率 read today's member records (null at a past
 * month-end); ratios over entered data use the entries of asOf's year (school year for students);
 * the graduation season's transfer rates read member_transfer for asOf's year (one indexed statement);
 * the Youth Home figures read homes, activities, volunteer records and survey answers the same way.
 */
export const INDICATOR_IMPLEMENTATIONS = {
  ...TOTAL_INDICATORS,
  ...SECTOR_INDICATORS,
  ...MEMBER_DIMENSION_INDICATORS,
  ...ENTERED_RATIO_INDICATORS,
  ...COVERAGE_INDICATORS,
  ...CADRE_INDICATORS,
  ...TRANSFER_RATE_INDICATORS,
  ...YOUTH_HOME_INDICATORS,
  ...ORGANIZATIONAL_LIFE_INDICATORS,
  ...DUES_AND_RATING_INDICATORS,
  ...PARTY_RECOMMENDATION_INDICATORS,
  ...ANNUAL_CYCLE_INDICATORS,
} satisfies Record<IndicatorId, IndicatorImplementation>;

/** The implementation of catalog indicator `id`. */
export function implementationOf(id: IndicatorId): IndicatorImplementation {
  return INDICATOR_IMPLEMENTATIONS[id];
}
