import type { Permission } from "@tuanwu/domain";

/** The organization is in the URL: /orgs/:orgId for the overview, /orgs/:orgId/<tab> for the others. */
export const ORGANIZATION_TABS = [
  "overview",
  "children",
  "members",
  "development",
  "transfers",
  "cadres",
  "meetings",
  "dues",
  "annual",
  "quotas",
  "reviews",
  "import",
  "dashboard",
  "indicators",
  "plans",
  "youth-homes",
  "activities",
  "volunteers",
  "surveys",
  "users",
  "audit",
] as const;
export type OrganizationTab = (typeof ORGANIZATION_TABS)[number];

/** The permission a tab needs; tabs the user lacks it for are hidden (the server refuses them anyway). */
export const TAB_PERMISSIONS: Readonly<Record<OrganizationTab, Permission>> = {
  overview: "organization:read",
  children: "organization:read",
  members: "member:read",
  development: "member:read",
  transfers: "member:read",
  cadres: "cadre:read",
  meetings: "member:read",
  dues: "member:read",
  annual: "member:read",
  quotas: "member:read",
  reviews: "member:read",
  import: "member:write",
  dashboard: "stats:read",
  indicators: "stats:read",
  plans: "plan:read",
  "youth-homes": "youth_home:read",
  activities: "youth_home:read",
  volunteers: "youth_home:read",
  surveys: "youth_home:read",
  users: "user:manage",
  audit: "audit:read",
};

export function organizationPath(organizationId: number, tab: OrganizationTab = "overview"): string {
  return tab === "overview" ? `/orgs/${organizationId}` : `/orgs/${organizationId}/${tab}`;
}

function isOrganizationTab(value: string): value is OrganizationTab {
  return (ORGANIZATION_TABS as readonly string[]).includes(value);
}

/** The tab named by what follows /orgs/:orgId/ in the path. */
export function tabOfPath(rest: string | undefined): OrganizationTab {
  const segment = rest?.split("/")[0] ?? "";
  return isOrganizationTab(segment) ? segment : "overview";
}

/** A positive integer id from the URL, else undefined. */
export function parseOrganizationId(value: string | undefined): number | undefined {
  if (value === undefined || !/^[1-9]\d*$/.test(value)) return undefined;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : undefined;
}
