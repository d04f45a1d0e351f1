import type { CadreKindCode } from "../dictionaries/cadre-kinds";
import type { OrganizationKind } from "../organization/organization-kind";
import type { OrganizationLevel } from "../organization/organization-level";

/**
 * The posts of League cadres 团干部职务 (domain.md §6; issue 13 part 1) and the posts each kind of
 * organization should fill — the standard 配备率 counts open posts against. Data, not code: a province
 * with other numbers edits {@link POST_STANDARDS}.
 */

/** A cadre's post (cadre.post). */
export const CADRE_POSTS = [
  "secretary",
  "deputy_secretary",
  "organizer",
  "publicity",
  "committee_member",
  "other",
] as const;

/** A post (see {@link CADRE_POSTS}). */
export type CadrePost = (typeof CADRE_POSTS)[number];

/** Display labels of {@link CADRE_POSTS}. */
export const CADRE_POST_LABELS: Readonly<Record<CadrePost, string>> = {
  secretary: "书记",
  deputy_secretary: "副书记",
  organizer: "组织委员",
  publicity: "宣传委员",
  committee_member: "委员",
  other: "其他",
};

/** Whether `value` is one of {@link CADRE_POSTS} (type guard). */
export function isCadrePost(value: string): value is CadrePost {
  return (CADRE_POSTS as readonly string[]).includes(value);
}

/** A cadre's source channel 来源渠道 (cadre.source_channel). */
export const CADRE_SOURCE_CHANNELS = [
  "selected_graduate",
  "western_volunteer",
  "three_supports",
  "veteran",
  "returning_graduate",
  "entrepreneur",
  "other",
] as const;

/** A source channel (see {@link CADRE_SOURCE_CHANNELS}). */
export type CadreSourceChannel = (typeof CADRE_SOURCE_CHANNELS)[number];

/** Display labels of {@link CADRE_SOURCE_CHANNELS}. */
export const CADRE_SOURCE_CHANNEL_LABELS: Readonly<Record<CadreSourceChannel, string>> = {
  selected_graduate: "选调生",
  western_volunteer: "西部计划志愿者",
  three_supports: "三支一扶",
  veteran: "退役军人",
  returning_graduate: "返乡大学生",
  entrepreneur: "青年创业者",
  other: "其他",
};

/**
 * One post of a standard: `expected` open posts count toward 配备率 (a post is filled up to that many);
 * `max` is how many may be open at once (null: no cap); `kinds` — when given, the cadre kinds the
 * expected posts are meant for (shown, not enforced).
 */
export interface PostStandardEntry {
  post: CadrePost;
  expected: number;
  max: number | null;
  kinds?: readonly CadreKindCode[];
  source: string;
}

/** The posts one kind of organization (at a level, or at any level) should fill. */
export interface PostStandard {
  kind: OrganizationKind;
  /** null: any level not matched by a more specific standard. */
  level: OrganizationLevel | null;
  posts: readonly PostStandardEntry[];
}

const OPEN_COMMITTEE: PostStandardEntry[] = [
  { post: "committee_member", expected: 0, max: null, source: "团章: 委员会由委员组成 (no cap)" },
  { post: "other", expected: 0, max: null, source: "tuanwu: staff without a named post" },
];

/**
 * The posts each kind of organization should fill. Sources: a county committee 团县委 — one secretary
 * and a full-time deputy plus 2 seconded or part-time deputy secretaries 配备2名挂(兼)职副书记 (Wangcang
 * reform plan task 1; Taiyuan bulletin 2021-13: ten counties with 10 full-time secretaries, 15 full-time
 * and 30 seconded or part-time deputies); a township committee — its secretary (Taiyuan 2021-13: all 105
 * township secretaries 乡镇团委书记全部配齐); a branch or general branch — its secretary (团章: 团支部设
 * 书记; the organizer and publicity posts are optional, one each). Caps beyond these are tuanwu's
 * reading (one secretary; deputies at most 4 at a county, 2 at a township, 1 at a branch).
 */
export const POST_STANDARDS: readonly PostStandard[] = [
  {
    kind: "committee",
    level: "county",
    posts: [
      {
        post: "secretary",
        expected: 1,
        max: 1,
        kinds: ["full_time"],
        source: "Wangcang task 1; Taiyuan 2021-13",
      },
      {
        post: "deputy_secretary",
        expected: 3,
        max: 4,
        kinds: ["full_time", "seconded", "part_time"],
        source: "Wangcang task 1 (2 挂(兼)职副书记 + full-time); Taiyuan 2021-13",
      },
      ...OPEN_COMMITTEE,
    ],
  },
  {
    kind: "committee",
    level: "township",
    posts: [
      { post: "secretary", expected: 1, max: 1, source: "Taiyuan 2021-13 (乡镇团委书记全部配齐)" },
      { post: "deputy_secretary", expected: 0, max: 2, source: "tuanwu cap" },
      ...OPEN_COMMITTEE,
    ],
  },
  {
    kind: "committee",
    level: null,
    posts: [
      { post: "secretary", expected: 1, max: 1, source: "团章: 委员会设书记" },
      { post: "deputy_secretary", expected: 0, max: null, source: "set by the level above" },
      ...OPEN_COMMITTEE,
    ],
  },
  {
    kind: "working_committee",
    level: null,
    posts: [
      { post: "secretary", expected: 1, max: 1, source: "团章: 工作委员会设书记" },
      { post: "deputy_secretary", expected: 0, max: 2, source: "tuanwu cap" },
      ...OPEN_COMMITTEE,
    ],
  },
  {
    kind: "general_branch",
    level: null,
    posts: [
      { post: "secretary", expected: 1, max: 1, source: "团章: 团总支设书记" },
      { post: "deputy_secretary", expected: 0, max: 1, source: "tuanwu cap" },
      { post: "organizer", expected: 0, max: 1, source: "团章: 组织委员 (optional)" },
      { post: "publicity", expected: 0, max: 1, source: "团章: 宣传委员 (optional)" },
      ...OPEN_COMMITTEE,
    ],
  },
  {
    kind: "branch",
    level: null,
    posts: [
      { post: "secretary", expected: 1, max: 1, source: "团章: 团支部设书记; domain.md §6" },
      { post: "deputy_secretary", expected: 0, max: 1, source: "tuanwu cap" },
      { post: "organizer", expected: 0, max: 1, source: "团章: 组织委员 (optional)" },
      { post: "publicity", expected: 0, max: 1, source: "团章: 宣传委员 (optional)" },
      ...OPEN_COMMITTEE,
    ],
  },
];

/** 配备率 target (Henan; domain.md §6): at least 90 % of expected posts filled. */
export const STAFFING_RATE_TARGET = 0.9;

/** The standard for an organization of `kind` at `level`: the level's own, else the kind's default. */
export function postStandardOf(kind: OrganizationKind, level: OrganizationLevel): PostStandard {
  const exact = POST_STANDARDS.find((standard) => standard.kind === kind && standard.level === level);
  const fallback = POST_STANDARDS.find((standard) => standard.kind === kind && standard.level === null);
  const found = exact ?? fallback;
  if (!found) throw new RangeError(`no post standard for ${kind}`);
  return found;
}

/** How many of `post` an organization of `kind` at `level` may hold open at once (null: no cap). */
export function postCapacity(
  kind: OrganizationKind,
  level: OrganizationLevel,
  post: CadrePost,
): number | null {
  const entry = postStandardOf(kind, level).posts.find((each) => each.post === post);
  return entry ? entry.max : 0;
}

/** Whether one more `post` may be opened when `openCount` are open already. */
export function canOpenPost(
  kind: OrganizationKind,
  level: OrganizationLevel,
  post: CadrePost,
  openCount: number,
): boolean {
  const cap = postCapacity(kind, level, post);
  return cap === null || openCount < cap;
}

/** One expected post of one organization: how many are expected and how many are open. */
export interface PostFilling {
  post: CadrePost;
  expected: number;
  open: number;
  /** Expected posts still empty: max(0, expected − open). */
  empty: number;
}

/** An organization's expected posts against its open posts (`openByPost`: open count per post). */
export function postFillings(
  kind: OrganizationKind,
  level: OrganizationLevel,
  openByPost: Readonly<Partial<Record<CadrePost, number>>>,
): PostFilling[] {
  return postStandardOf(kind, level)
    .posts.filter((entry) => entry.expected > 0)
    .map((entry) => {
      const open = openByPost[entry.post] ?? 0;
      return { post: entry.post, expected: entry.expected, open, empty: Math.max(0, entry.expected - open) };
    });
}

/**
 * 配备率 of a set of organizations: expected posts filled (each post counted up to its expected
 * number) over expected posts; null when nothing is expected.
 */
export function staffingRate(fillings: readonly PostFilling[]): number | null {
  const expected = fillings.reduce((sum, each) => sum + each.expected, 0);
  if (expected === 0) return null;
  const filled = fillings.reduce((sum, each) => sum + Math.min(each.open, each.expected), 0);
  return filled / expected;
}
