import type { components, paths } from "./schema";

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

type Schemas = components["schemas"];

export type MemberDetail = Schemas["MemberDetail"];
export type MemberCorrection = Schemas["MemberCorrection"];
export type MemberStatusRequest = Schemas["MemberStatusRequest"];
export type CreateMemberBody = Json<paths["/api/v1/organizations/{branchId}/members"]["post"]["requestBody"]>;
export type UpdateMemberBody = Json<paths["/api/v1/members/{id}"]["patch"]["requestBody"]>;
export type CorrectionBody = Json<paths["/api/v1/members/{id}/corrections"]["post"]["requestBody"]>;
export type CorrectionDecisionBody = Json<
  paths["/api/v1/member-corrections/{id}/decision"]["post"]["requestBody"]
>;
export type StatusRequestBody = Json<paths["/api/v1/members/{id}/status-requests"]["post"]["requestBody"]>;
export type StatusDecisionBody = Json<
  paths["/api/v1/member-status-requests/{id}/decision"]["post"]["requestBody"]
>;
export type AgeOutWorkListPage = Json<
  paths["/api/v1/organizations/{id}/work-lists/age-out"]["get"]["responses"][200]
>;
export type LapseWorkListPage = Json<
  paths["/api/v1/organizations/{id}/work-lists/lapse"]["get"]["responses"][200]
>;
export type AgeOutWorkListItem = Schemas["AgeOutWorkListItem"];
export type LapseWorkListItem = Schemas["LapseWorkListItem"];

export type MemberEvent = Schemas["MemberEvent"];
export type MemberAttachment = Schemas["MemberAttachment"];
export type AttachmentKind = MemberAttachment["kind"];
export type AttachmentVerification = MemberAttachment["verification"];
export type MemberAward = Schemas["MemberAward"];
export type AwardKind = MemberAward["kind"];
export type AwardBody = Json<paths["/api/v1/members/{id}/awards"]["post"]["requestBody"]>;
export type AttachmentDecisionBody = Json<
  paths["/api/v1/member-attachments/{id}/decision"]["post"]["requestBody"]
>;

export type MemberImportResult = Schemas["MemberImportResult"];
export type ImportProblem = Schemas["ImportProblem"];

export type Completeness = Schemas["MemberCompleteness"];
