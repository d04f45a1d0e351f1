import type { CadreKindCode } from "../dictionaries/cadre-kinds";
import { BACHELOR_OR_HIGHER } from "../indicators/indicator-definition";
import { ageOn } from "../member/age";

/**
 * The cadre profile 团干部队伍结构 (domain.md §6; issue 13 part 1): average age, share under 28, shares
 * with a bachelor's degree or higher, Party members and from the grassroots, and the mix of 专职 / 挂职 /
 * 兼职. Source of the figures: Taiyuan bulletin 2021-13 (平均年龄29.7岁, 28周岁以下, 本科以上学历占比,
 * 中共党员占比), Wangcang task 2 (from the grassroots).
 */

/** Under this age (in full years) a cadre counts as young (Taiyuan 2021-13: 28周岁以下). */
export const YOUNG_CADRE_AGE = 28;

/** One open post as the profile counts it. */
export interface ProfileCadre {
  birthDate: string;
  kind: CadreKindCode;
  education: string | null;
  partyMember: boolean;
  fromGrassroots: boolean;
}

/** The profile figures; shares are 0…1, null when there are no cadres. */
export interface CadreProfile {
  count: number;
  averageAge: number | null;
  underAgeShare: number | null;
  bachelorOrHigherShare: number | null;
  partyMemberShare: number | null;
  fromGrassrootsShare: number | null;
  kinds: Record<CadreKindCode, number>;
}

/**
 * The profile of `cadres` on `asOf` ("YYYY-MM-DD"): ages in full years (≤ 28 counts as "28周岁以下",
 * i.e. not yet 29), the average rounded to one decimal.
 */
export function cadreProfile(cadres: readonly ProfileCadre[], asOf: string): CadreProfile {
  const kinds: Record<CadreKindCode, number> = { full_time: 0, part_time: 0, seconded: 0 };
  for (const each of cadres) kinds[each.kind] += 1;
  const count = cadres.length;
  if (count === 0) {
    return {
      count,
      averageAge: null,
      underAgeShare: null,
      bachelorOrHigherShare: null,
      partyMemberShare: null,
      fromGrassrootsShare: null,
      kinds,
    };
  }
  const ages = cadres.map((each) => ageOn(each.birthDate, asOf));
  const share = (test: (each: ProfileCadre, index: number) => boolean) => cadres.filter(test).length / count;
  return {
    count,
    averageAge: Math.round((ages.reduce((sum, age) => sum + age, 0) / count) * 10) / 10,
    underAgeShare: share((_, index) => (ages[index] ?? 0) <= YOUNG_CADRE_AGE),
    bachelorOrHigherShare: share((each) =>
      (BACHELOR_OR_HIGHER as readonly (string | null)[]).includes(each.education),
    ),
    partyMemberShare: share((each) => each.partyMember),
    fromGrassrootsShare: share((each) => each.fromGrassroots),
    kinds,
  };
}
