import { compareIsoDates } from "../dates/iso-date";
import type { CadreKindCode } from "../dictionaries/cadre-kinds";
import type { LeaguePositionCode } from "../dictionaries/league-positions";
import type { CadrePost } from "./cadre-posts";

/**
 * The cadre fields of a member record — 是否团干部, 团内现任职务, 团干部性质, 任现职年月 — are views of
 * the cadre records (issue 13 part 1; domain.md §6): never entered on the member, maintained from the
 * member's open cadre records. The server keeps them by a trigger on cadre (migration
 * 0018_member_cadre_views, the same rule in SQL); this is the rule for tests and for the web.
 */
export const MEMBER_CADRE_VIEW_FIELDS = ["isCadre", "leaguePosition", "positionSince", "cadreKind"] as const;

/** A field of {@link MEMBER_CADRE_VIEW_FIELDS}. */
export type MemberCadreViewField = (typeof MEMBER_CADRE_VIEW_FIELDS)[number];

/** Whether `field` is one of {@link MEMBER_CADRE_VIEW_FIELDS} (type guard). */
export function isMemberCadreViewField(field: string): field is MemberCadreViewField {
  return (MEMBER_CADRE_VIEW_FIELDS as readonly string[]).includes(field);
}

/** The message of a member write that still sends a cadre field (400 naming it; zh first, then en). */
export function memberCadreViewFieldMessage(label: string): string {
  return `${label}：由团干部记录维护，请在「团干部」页签任免 / maintained from the cadre records: use the 团干部 (cadres) tab`;
}

/** The member's cadre fields as stored. */
export interface MemberCadreFields {
  isCadre: boolean;
  leaguePosition: string | null;
  cadreKind: string | null;
  positionSince: string | null;
}

/** A cadre record of the member, as the rule reads it. */
export interface MemberCadreRecord {
  id: number;
  post: CadrePost | string;
  kind: CadreKindCode | string;
  startedOn: string;
  endedOn: string | null;
}

/** Seniority of posts: the most senior open post is the one the member record shows. */
const POST_RANK: Readonly<Record<string, number>> = {
  secretary: 1,
  deputy_secretary: 2,
  organizer: 3,
  publicity: 4,
  committee_member: 5,
};

/** The registry's committee posts that the cadre records file under committee_member 委员. */
const COMMITTEE_POSITIONS: readonly LeaguePositionCode[] = [
  "culture_sports_member",
  "production_member",
  "rights_member",
  "volunteer_member",
];

/** A cadre post in the registry's vocabulary (团内现任职务); `previous` keeps a specific 委员 post. */
function leaguePositionOf(post: string, previous: string | null): LeaguePositionCode {
  if (post === "secretary" || post === "deputy_secretary") return post;
  if (post === "organizer") return "organization_member";
  if (post === "publicity") return "publicity_member";
  if (post === "committee_member" && previous !== null && COMMITTEE_POSITIONS.includes(previous as never)) {
    return previous as LeaguePositionCode;
  }
  return "other";
}

/**
 * A member's cadre fields from their cadre records: of the open ones (endedOn null), the most senior
 * post (书记, 副书记, 组织委员, 宣传委员, 委员, 其他), then the earliest started, then the lowest id;
 * isCadre whether there is one, leaguePosition its post in the registry's vocabulary (a 委员 keeps the
 * member's specific committee post `previousLeaguePosition` when it names one), cadreKind its kind,
 * positionSince its start. No open record: not a cadre, the rest null.
 */
export function memberCadreFieldsOf(
  records: readonly MemberCadreRecord[],
  previousLeaguePosition: string | null = null,
): MemberCadreFields {
  const open = records
    .filter((record) => record.endedOn === null)
    .sort(
      (a, b) =>
        (POST_RANK[a.post] ?? 6) - (POST_RANK[b.post] ?? 6) ||
        compareIsoDates(a.startedOn, b.startedOn) ||
        a.id - b.id,
    );
  const current = open[0];
  if (current === undefined) {
    return { isCadre: false, leaguePosition: null, cadreKind: null, positionSince: null };
  }
  return {
    isCadre: true,
    leaguePosition: leaguePositionOf(current.post, previousLeaguePosition),
    cadreKind: current.kind,
    positionSince: current.startedOn,
  };
}
