import { type QueryClient, type QueryKey, useQueryClient } from "@tanstack/react-query";

/**
 * The web's TanStack Query keys, one root per entity. Every query key starts with one of these, so a
 * feature refreshes another's data by naming the entity (`invalidateEntity`), never by importing the
 * other feature: features import each other only downward (shell → pages → organizations → auth).
 */
export const queryKeys = {
  /** The signed-in user and their abilities (GET /auth/me). */
  me: ["me"],
  /** Organizations: tree, detail, children, search, completeness (录入率). */
  organizations: ["organizations"],
  /** Member lists of a subtree. */
  members: ["members"],
  /** One member: the record and its archive (timeline, attachments, awards). */
  member: (memberId: number) => ["member", memberId] as const,
  /** Reviews (审核): pending status requests and the work lists. */
  reviews: ["reviews"],
  /** The dashboard's statistics (统计) of a subtree. */
  stats: ["stats"],
  /** Indicators (指标): catalog, values, children, trends, drill-downs, entered data. */
  indicators: ["indicators"],
  /** The reform ledger (改革任务台账): plans, tasks, targets, units, evaluations, comparison. */
  plans: ["plans"],
  /** Accounts (账号管理) of a subtree. */
  users: ["users"],
  /** The audit log (审计日志). */
  audit: ["audit"],
  /** Member development (发展团员): applications, their pages, prerequisites, points schemes. */
  development: ["development"],
  /** The to-do inbox (待办) and its counts per kind. */
  todos: ["todos"],
  /** Admission quotas (发展名额) and the ratios (团学比, 团青比). */
  quotas: ["quotas"],
  /** The signed-in member's own pages (我的档案, 我的入团申请). */
  myPages: ["my-pages"],
  /** Organization relationship transfers (组织关系转接): pages, work lists, backlogs. */
  transfers: ["transfers"],
  /** Youth Homes and service posts (青年之家, 驿站), their activities and sign-ups (issue 14). */
  youthHomes: ["youth-homes"],
  /** Volunteer shifts, records and certificates (志愿服务). */
  volunteers: ["volunteers"],
  /** Youth surveys (问卷): definitions, results. */
  surveys: ["surveys"],
  /** Organizational life (组织生活): meetings, calendars, silent branches. */
  meetings: ["meetings"],
} as const;

/** What a write changed, for `invalidateEntity`. */
export type ChangedEntity =
  /** A member's record or status (an import: no `memberId`, every member). */
  | { entity: "member"; memberId?: number }
  /** A member's archive: timeline, attachment or award. */
  | { entity: "member-archive"; memberId: number }
  /** An organization: created, edited, moved, or its reported member count. */
  | { entity: "organization" }
  /** Entered indicator data (填报数据). */
  | { entity: "indicator-data" }
  /** Anything of the reform ledger. */
  | { entity: "plan" }
  /** An application of member development: a step taken (the inbox, the quota and, once admitted, the members change). */
  | { entity: "application" }
  /** A transfer (组织关系转接): started or a step taken (the inbox, the member's own pages, the season's rates and, once completed, the members change). */
  | { entity: "transfer" }
  /** Issue 14: a Youth Home, an activity or its sign-ups, a volunteer record, a survey (the indicators and the member's own pages change too). */
  | { entity: "youth" }
  /** A meeting (组织生活) recorded or signed in: the member's own pages and the indicators change too. */
  | { entity: "meeting" };

/** The queries a change makes stale: the entity's own and the figures computed from it. */
export function staleQueryKeys(change: ChangedEntity): QueryKey[] {
  switch (change.entity) {
    case "member":
      return [
        ...(change.memberId === undefined ? [] : [queryKeys.member(change.memberId)]),
        queryKeys.members,
        queryKeys.organizations,
        queryKeys.stats,
        queryKeys.reviews,
      ];
    case "member-archive":
      return [queryKeys.member(change.memberId)];
    case "organization":
      return [queryKeys.organizations, queryKeys.members, queryKeys.stats];
    case "indicator-data":
      return [queryKeys.indicators];
    case "plan":
      return [queryKeys.plans];
    case "transfer":
      return [
        queryKeys.transfers,
        queryKeys.todos,
        queryKeys.myPages,
        queryKeys.indicators,
        queryKeys.members,
        queryKeys.organizations,
        queryKeys.stats,
      ];
    case "youth":
      return [
        queryKeys.youthHomes,
        queryKeys.volunteers,
        queryKeys.surveys,
        queryKeys.myPages,
        queryKeys.indicators,
      ];
    case "meeting":
      return [queryKeys.meetings, queryKeys.myPages, queryKeys.indicators, queryKeys.reviews];
    case "application":
      return [
        queryKeys.development,
        queryKeys.todos,
        queryKeys.quotas,
        queryKeys.myPages,
        queryKeys.members,
        queryKeys.organizations,
        queryKeys.stats,
      ];
  }
}

/** After a write: refetch every query the change made stale (resolves when they have refetched). */
export async function invalidateEntity(queryClient: QueryClient, change: ChangedEntity): Promise<void> {
  await Promise.all(staleQueryKeys(change).map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

/** `invalidateEntity` bound to the app's query client, for mutations' `onSuccess`. */
export function useInvalidateEntity(): (change: ChangedEntity) => Promise<void> {
  const queryClient = useQueryClient();
  return (change) => invalidateEntity(queryClient, change);
}
