import type { Dictionary, DictionaryCode } from "./dictionary";

/** Current League post (团内现任职务) of a member, national registry column (domain.md §2). */
export const LEAGUE_POSITIONS = [
  { code: "secretary", zh: "书记", en: "Secretary" },
  { code: "deputy_secretary", zh: "副书记", en: "Deputy secretary" },
  { code: "organization_member", zh: "组织委员", en: "Committee member for organization" },
  { code: "publicity_member", zh: "宣传委员", en: "Committee member for publicity" },
  { code: "culture_sports_member", zh: "文体委员", en: "Committee member for culture and sports" },
  { code: "production_member", zh: "生产委员", en: "Committee member for production" },
  { code: "rights_member", zh: "权益委员", en: "Committee member for rights and interests" },
  { code: "volunteer_member", zh: "志愿委员", en: "Committee member for volunteering" },
  { code: "other", zh: "其他", en: "Other" },
] as const satisfies Dictionary;

/** Code of a League post (see {@link LEAGUE_POSITIONS}). */
export type LeaguePositionCode = DictionaryCode<typeof LEAGUE_POSITIONS>;
