import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { DevelopmentState, GuardFailure, GuardWarning } from "@tuanwu/domain";
import { api } from "../../../api/client";
import { ApiError, isApiErrorBody, toApiError, unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { components } from "../../../api/schema";
import { downloadFile } from "../../../api/transfer";
import type {
  ApplicationDetail,
  BatchTransitionBody,
  RegisterApplicationBody,
  TransitionBody,
} from "./development-types";

/** The pipeline's filters (GET /organizations/{id}/applications). */
export interface ApplicationFilters {
  state?: DevelopmentState;
  q?: string;
  page: number;
  pageSize: number;
}

/** GET /organizations/{id}/applications: the subtree's applications, each with its points. */
export function applicationsQuery(organizationId: number, filters: ApplicationFilters) {
  return queryOptions({
    queryKey: [...queryKeys.development, "applications", organizationId, filters],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/applications", {
          params: { path: { id: organizationId }, query: filters },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** GET /applications/{id}: the application's page (timeline, dates, points, the user's actions). */
export function applicationQuery(applicationId: number) {
  return queryOptions({
    queryKey: [...queryKeys.development, "application", applicationId],
    queryFn: () => unwrap(api.GET("/api/v1/applications/{id}", { params: { path: { id: applicationId } } })),
  });
}

/** POST /organizations/{id}/applications: the branch registers a written application (201 → detail). */
export function registerApplication(branchId: number, body: RegisterApplicationBody) {
  return unwrap(
    api.POST("/api/v1/organizations/{id}/applications", { params: { path: { id: branchId } }, body }),
  );
}

/**
 * A refused step: 409 (someone else took a step first, or it is no longer available) or 422 (the
 * conditions unmet, all listed, and/or warnings the user must confirm). Carries the server's lists.
 */
export class TransitionError extends ApiError {
  readonly failures: GuardFailure[];
  readonly warnings: GuardWarning[];

  constructor(error: ApiError, failures: GuardFailure[], warnings: GuardWarning[]) {
    super(error.status, error.code, error.message, error.field);
    this.name = "TransitionError";
    this.failures = failures;
    this.warnings = warnings;
  }
}

function listOf<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** The failures and warnings of a refusal body, under `error` or at the top (both shapes read). */
export function transitionErrorOf(body: unknown, error: ApiError): TransitionError {
  const outer = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const inner = isApiErrorBody(body) ? (body.error as unknown as Record<string, unknown>) : {};
  return new TransitionError(
    error,
    listOf<GuardFailure>(inner.failures ?? outer.failures),
    listOf<GuardWarning>(inner.warnings ?? outer.warnings),
  );
}

/** POST /applications/{id}/transitions: take one step; 200 → the detail, else a {@link TransitionError}. */
export async function transitionApplication(
  applicationId: number,
  body: TransitionBody,
): Promise<ApplicationDetail> {
  const answer = await api.POST("/api/v1/applications/{id}/transitions", {
    params: { path: { id: applicationId } },
    body,
  });
  const response: Response = answer.response;
  if (answer.error !== undefined || !response.ok) {
    throw transitionErrorOf(answer.error, toApiError(answer.error, response));
  }
  if (answer.data === undefined) throw new ApiError(response.status, "empty_response", "empty response body");
  return answer.data;
}

/** POST /organizations/{id}/applications/batch-transitions: one action on many; each item its own result. */
export function batchTransition(organizationId: number, body: BatchTransitionBody) {
  return unwrap(
    api.POST("/api/v1/organizations/{id}/applications/batch-transitions", {
      params: { path: { id: organizationId } },
      body,
    }),
  );
}

/** Active members of a subtree matching `q` (mentors 培养联系人, sponsors 入团介绍人). */
export function memberOptionsQuery(organizationId: number, q: string) {
  return queryOptions({
    queryKey: [...queryKeys.members, "options", organizationId, q],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/members", {
          params: {
            path: { id: organizationId },
            query: { q: q || undefined, status: "active", pageSize: 20 },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** GET /applications/{id}/application-form.docx: the pre-filled 入团志愿书 of a development target. */
export function downloadApplicationForm(applicationId: number) {
  return downloadFile(
    "/api/v1/applications/{id}/application-form.docx",
    { path: { id: applicationId } },
    `入团志愿书-${applicationId}.docx`,
  );
}

/** GET /organizations/{id}/applications/public-notice.xlsx: the 公示 list of candidates and development targets. */
export function downloadPublicNotice(organizationId: number) {
  return downloadFile(
    "/api/v1/organizations/{id}/applications/public-notice.xlsx",
    { path: { id: organizationId } },
    "公示名单.xlsx",
  );
}

/** POST /applications/{id}/account: the branch issues the applicant an account (a one-time password, shown once). */
export function issueApplicantAccount(applicationId: number) {
  return unwrap(
    api.POST("/api/v1/applications/{id}/account", { params: { path: { id: applicationId } }, body: {} }),
  );
}

/** A recorded prerequisite fact (团课 hours, volunteer hours, 青年大学习…) of an applicant. */
export type PrerequisiteRecord = components["schemas"]["PrerequisiteRecord"];
/** POST /applications/{id}/prerequisites: one fact (item, units, occurredOn, note). */
export type PrerequisiteBody = components["schemas"]["PrerequisiteInputInput"];

/** GET /applications/{id}/prerequisites: the applicant's recorded facts and points. */
export function prerequisitesQuery(applicationId: number) {
  return queryOptions({
    queryKey: [...queryKeys.development, "prerequisites", applicationId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/applications/{id}/prerequisites", { params: { path: { id: applicationId } } })),
  });
}

/** POST /applications/{id}/prerequisites: record one fact (201 → the record). */
export function recordPrerequisite(applicationId: number, body: PrerequisiteBody) {
  return unwrap(
    api.POST("/api/v1/applications/{id}/prerequisites", { params: { path: { id: applicationId } }, body }),
  );
}
