import type { paths } from "./schema";

/** Named shapes of the API, derived from the paths so they survive regenerating schema.d.ts. */
type Json<Response> = Response extends { content: { "application/json": infer Body } } ? Body : never;

export type Me = Json<paths["/api/v1/me"]["get"]["responses"][200]>;
export type Role = Me["roles"][number]["role"];

export type Organization = Json<paths["/api/v1/organizations/{id}"]["get"]["responses"][200]>;
export type OrganizationSummary = Json<
  paths["/api/v1/organizations/{id}/children"]["get"]["responses"][200]
>["items"][number];
export type OrganizationKind = OrganizationSummary["kind"];
export type OrganizationLevel = OrganizationSummary["level"];
export type Sector = NonNullable<OrganizationSummary["sector"]>;
export type CreateOrganizationBody = Json<paths["/api/v1/organizations"]["post"]["requestBody"]>;
export type UpdateOrganizationBody = Json<paths["/api/v1/organizations/{id}"]["patch"]["requestBody"]>;

export type MemberPage = Json<paths["/api/v1/organizations/{id}/members"]["get"]["responses"][200]>;
export type MemberListItem = MemberPage["items"][number];
export type MemberStatus = MemberListItem["status"];
export type MemberListQuery = NonNullable<
  paths["/api/v1/organizations/{id}/members"]["get"]["parameters"]["query"]
>;

export type OrganizationStats = Json<paths["/api/v1/organizations/{id}/stats"]["get"]["responses"][200]>;
