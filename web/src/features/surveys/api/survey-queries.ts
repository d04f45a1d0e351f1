import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { paths } from "../../../api/schema";

type Json<T> = T extends { content: { "application/json": infer Body } } ? Body : never;
type Body<T> = T extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;

/** GET /organizations/{id}/surveys: the subtree's surveys with their response counts. */
export type SurveyList = Json<paths["/api/v1/organizations/{id}/surveys"]["get"]["responses"][200]>;
export type SurveyListItem = SurveyList["items"][number];
/** GET /surveys/{id}: a survey's definition, status and public token. */
export type SurveyDetail = Json<paths["/api/v1/surveys/{id}"]["get"]["responses"][200]>;
/** GET /surveys/{id}/results[?by=]: counts per option, scale means, a cross-tab by one question. */
export type SurveyResults = Json<paths["/api/v1/surveys/{id}/results"]["get"]["responses"][200]>;
export type SurveyCreateBody = Body<paths["/api/v1/organizations/{id}/surveys"]["post"]>;
export type SurveyPatchBody = Body<paths["/api/v1/surveys/{id}"]["patch"]>;

export function surveysQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...queryKeys.surveys, "list", organizationId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/organizations/{id}/surveys", { params: { path: { id: organizationId } } })),
  });
}

export function surveyQuery(surveyId: number) {
  return queryOptions({
    queryKey: [...queryKeys.surveys, "survey", surveyId],
    queryFn: () => unwrap(api.GET("/api/v1/surveys/{id}", { params: { path: { id: surveyId } } })),
  });
}

export function surveyResultsQuery(surveyId: number, by: string | undefined) {
  return queryOptions({
    queryKey: [...queryKeys.surveys, "results", surveyId, by ?? null],
    queryFn: () =>
      unwrap(api.GET("/api/v1/surveys/{id}/results", { params: { path: { id: surveyId }, query: { by } } })),
  });
}

export function createSurvey(organizationId: number, body: SurveyCreateBody) {
  return unwrap(
    api.POST("/api/v1/organizations/{id}/surveys", { params: { path: { id: organizationId } }, body }),
  );
}

export function updateSurvey(surveyId: number, body: SurveyPatchBody) {
  return unwrap(api.PATCH("/api/v1/surveys/{id}", { params: { path: { id: surveyId } }, body }));
}

export function openSurvey(surveyId: number) {
  return unwrap(api.POST("/api/v1/surveys/{id}/open", { params: { path: { id: surveyId } } }));
}

export function closeSurvey(surveyId: number) {
  return unwrap(api.POST("/api/v1/surveys/{id}/close", { params: { path: { id: surveyId } } }));
}

/** Where the answers download as .xlsx (a plain link: the browser sends the session cookie). */
export function surveyExportUrl(surveyId: number): string {
  return `/api/v1/surveys/${surveyId}/export.xlsx`;
}
