import type { GuardFailure, GuardWarning } from "@tuanwu/domain";
import type { components, paths } from "../../../api/schema";

/**
 * Shapes of the member development API (发展团员, issue 10), named from the generated schema
 * (api/schema.d.ts) so they follow the server's zod schemas.
 */
type Schemas = components["schemas"];
type Json<Response> = Response extends { content: { "application/json": infer Body } } ? Body : never;

/** One row of GET /organizations/{id}/applications (the pipeline board). */
export type ApplicationListItem = Schemas["DevelopmentPipelineItem"];
export type ApplicationPage = Json<paths["/api/v1/organizations/{id}/applications"]["get"]["responses"][200]>;
/** GET /applications/{id}: the application's page. */
export type ApplicationDetail = Schemas["DevelopmentApplicationDetail"];
/** One step of an application's timeline. */
export type ApplicationStep = ApplicationDetail["timeline"][number];
/** POST /organizations/{id}/applications: a written application 入团申请 registered by the branch. */
export type RegisterApplicationBody = Schemas["DevelopmentApplicationInputInput"];
/** POST /applications/{id}/transitions. */
export type TransitionBody = Schemas["DevelopmentTransitionInputInput"];
/** POST /organizations/{id}/applications/batch-transitions. */
export type BatchTransitionBody = Schemas["DevelopmentBatchTransitionInputInput"];
export type BatchTransitionResult = Schemas["DevelopmentBatchResult"];

/** A refused transition: 409 (stale or no longer available), 422 (failures and/or warnings to confirm). */
export interface TransitionRefusal {
  status: number;
  message: string;
  failures: GuardFailure[];
  warnings: GuardWarning[];
}
