import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { toApiError, unwrap } from "../../../api/errors";
import type { components, paths } from "../../../api/schema";

type Schemas = components["schemas"];
type JsonBody<P extends keyof paths, M extends "post" | "put" | "patch"> = paths[P][M] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

/** A cadre record 团干部 (phone masked in lists as the server returns it). */
export type Cadre = Schemas["Cadre"];
export type CadreDetail = Schemas["CadreDetail"];
export type Staffing = Schemas["Staffing"];
export type CadreProfile = Schemas["CadreProfile"];
export type OrganizationTerm = Schemas["OrganizationTerm"];
export type TrainingRound = Schemas["TrainingRound"];
export type ReviewSessionSummary = Schemas["ReviewSessionSummary"];
export type ReviewSession = Schemas["ReviewSession"];
export type ReviewLinks = Schemas["ReviewLinks"];
export type ReviewTally = Schemas["ReviewTally"];
export type ContactLog = Schemas["ContactLog"];
export type YearlyDuties = Schemas["YearlyDuties"];
export type OwnContactLogs = Schemas["OwnContactLogs"];

export type CadreCreateBody = JsonBody<"/api/v1/organizations/{id}/cadres", "post">;
export type CadrePatchBody = JsonBody<"/api/v1/cadres/{id}", "patch">;
export type TermCreateBody = JsonBody<"/api/v1/organizations/{id}/terms", "post">;
export type ElectionBody = JsonBody<"/api/v1/terms/{id}/election", "post">;
export type TrainingRoundBody = JsonBody<"/api/v1/organizations/{id}/training-rounds", "post">;
export type PlacementBody = JsonBody<"/api/v1/cadres/{id}/placements", "post">;
export type ReviewSessionBody = JsonBody<"/api/v1/organizations/{id}/review-sessions", "post">;
export type DeputyBody = JsonBody<"/api/v1/organizations/{id}/deputies", "post">;
export type StationBody = JsonBody<"/api/v1/organizations/{id}/liaison-stations", "post">;
export type AssignmentBody = JsonBody<"/api/v1/organizations/{id}/liaison-assignments", "post">;
export type StaffContactLogBody = JsonBody<"/api/v1/organizations/{id}/contact-logs", "post">;
export type ContactLogBody = JsonBody<"/api/v1/me/contact-logs", "post">;

/** Every cadre query key starts here: a write refreshes all of them (lists, figures, tallies). */
export const CADRES_KEY = ["cadres"] as const;

const org = (id: number) => ({ params: { path: { id } } });

/** GET /organizations/{id}/cadres?includeEnded: the organization's cadre records. */
export function cadresQuery(organizationId: number, includeEnded: boolean) {
  return queryOptions({
    queryKey: [...CADRES_KEY, "list", organizationId, includeEnded],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/cadres", {
          params: {
            path: { id: organizationId },
            query: { includeEnded: includeEnded ? "true" : undefined },
          },
        }),
      ),
  });
}

/** GET /organizations/{id}/staffing: posts expected vs filled → 配备率, empty posts. */
export function staffingQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...CADRES_KEY, "staffing", organizationId],
    queryFn: () => unwrap(api.GET("/api/v1/organizations/{id}/staffing", org(organizationId))),
  });
}

/** GET /organizations/{id}/cadre-profile: average age, shares, kinds, channels. */
export function profileQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...CADRES_KEY, "profile", organizationId],
    queryFn: () => unwrap(api.GET("/api/v1/organizations/{id}/cadre-profile", org(organizationId))),
  });
}

export function termsQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...CADRES_KEY, "terms", organizationId],
    queryFn: () => unwrap(api.GET("/api/v1/organizations/{id}/terms", org(organizationId))),
  });
}

/** GET /organizations/{id}/terms/expiring: the reminder list (换届提醒). */
export function expiringTermsQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...CADRES_KEY, "terms-expiring", organizationId],
    queryFn: () => unwrap(api.GET("/api/v1/organizations/{id}/terms/expiring", org(organizationId))),
  });
}

export function trainingRoundsQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...CADRES_KEY, "training", organizationId],
    queryFn: () => unwrap(api.GET("/api/v1/organizations/{id}/training-rounds", org(organizationId))),
  });
}

export function untrainedQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...CADRES_KEY, "untrained", organizationId],
    queryFn: () => unwrap(api.GET("/api/v1/organizations/{id}/untrained-cadres", org(organizationId))),
  });
}

export function reviewSessionsQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...CADRES_KEY, "review-sessions", organizationId],
    queryFn: () => unwrap(api.GET("/api/v1/organizations/{id}/review-sessions", org(organizationId))),
  });
}

export function reviewSessionQuery(sessionId: number) {
  return queryOptions({
    queryKey: [...CADRES_KEY, "review-session", sessionId],
    queryFn: () => unwrap(api.GET("/api/v1/review-sessions/{id}", org(sessionId))),
  });
}

/** GET /review-sessions/{id}/tally: the live tally (refetched every few seconds while open). */
export function reviewTallyQuery(sessionId: number) {
  return queryOptions({
    queryKey: [...CADRES_KEY, "review-tally", sessionId],
    queryFn: () => unwrap(api.GET("/api/v1/review-sessions/{id}/tally", org(sessionId))),
  });
}

export function deputiesQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...CADRES_KEY, "deputies", organizationId],
    queryFn: () => unwrap(api.GET("/api/v1/organizations/{id}/deputies", org(organizationId))),
  });
}

export function stationsQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...CADRES_KEY, "stations", organizationId],
    queryFn: () => unwrap(api.GET("/api/v1/organizations/{id}/liaison-stations", org(organizationId))),
  });
}

export function assignmentsQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...CADRES_KEY, "assignments", organizationId],
    queryFn: () => unwrap(api.GET("/api/v1/organizations/{id}/liaison-assignments", org(organizationId))),
  });
}

export function contactLogsQuery(organizationId: number, year: number) {
  return queryOptions({
    queryKey: [...CADRES_KEY, "contact-logs", organizationId, year],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/contact-logs", {
          params: { path: { id: organizationId }, query: { year } },
        }),
      ),
  });
}

/** GET /cadres/{id}/duties?year=: the yearly duties (≥ 4 lectures, ≥ 10 visits, ≥ 20 talks, ≥ 100 youth, ≥ 3 branches). */
export function dutiesQuery(cadreId: number, year: number) {
  return queryOptions({
    queryKey: [...CADRES_KEY, "duties", cadreId, year],
    queryFn: () =>
      unwrap(api.GET("/api/v1/cadres/{id}/duties", { params: { path: { id: cadreId }, query: { year } } })),
  });
}

/** GET /me/contact-logs?year=: the signed-in cadre's own logs and duties (404 when not a cadre). */
export function ownContactLogsQuery(year: number) {
  return queryOptions({
    queryKey: [...CADRES_KEY, "own-contact-logs", year],
    queryFn: () => unwrap(api.GET("/api/v1/me/contact-logs", { params: { query: { year } } })),
  });
}

export const createCadre = (organizationId: number, body: CadreCreateBody) =>
  unwrap(api.POST("/api/v1/organizations/{id}/cadres", { params: { path: { id: organizationId } }, body }));
export const patchCadre = (cadreId: number, body: CadrePatchBody) =>
  unwrap(api.PATCH("/api/v1/cadres/{id}", { params: { path: { id: cadreId } }, body }));
export const endCadre = (cadreId: number, endedOn: string) =>
  unwrap(api.POST("/api/v1/cadres/{id}/end", { params: { path: { id: cadreId } }, body: { endedOn } }));
export const createPlacement = (cadreId: number, body: PlacementBody) =>
  unwrap(api.POST("/api/v1/cadres/{id}/placements", { params: { path: { id: cadreId } }, body }));
export const createTerm = (organizationId: number, body: TermCreateBody) =>
  unwrap(api.POST("/api/v1/organizations/{id}/terms", { params: { path: { id: organizationId } }, body }));
export const recordElection = (termId: number, body: ElectionBody) =>
  unwrap(api.POST("/api/v1/terms/{id}/election", { params: { path: { id: termId } }, body }));
export const createTrainingRound = (organizationId: number, body: TrainingRoundBody) =>
  unwrap(
    api.POST("/api/v1/organizations/{id}/training-rounds", {
      params: { path: { id: organizationId } },
      body,
    }),
  );
export const putAttendance = (roundId: number, cadreIds: number[]) =>
  unwrap(
    api.PUT("/api/v1/training-rounds/{id}/attendance", {
      params: { path: { id: roundId } },
      body: { cadreIds },
    }),
  );
export const createReviewSession = (organizationId: number, body: ReviewSessionBody) =>
  unwrap(
    api.POST("/api/v1/organizations/{id}/review-sessions", {
      params: { path: { id: organizationId } },
      body,
    }),
  );
export const openReviewSession = (sessionId: number) =>
  unwrap(api.POST("/api/v1/review-sessions/{id}/open", { params: { path: { id: sessionId } } }));
export const closeReviewSession = (sessionId: number) =>
  unwrap(api.POST("/api/v1/review-sessions/{id}/close", { params: { path: { id: sessionId } } }));
export const createReviewLinks = (sessionId: number, count: number) =>
  unwrap(
    api.POST("/api/v1/review-sessions/{id}/links", { params: { path: { id: sessionId } }, body: { count } }),
  );
export const createDeputy = (organizationId: number, body: DeputyBody) =>
  unwrap(api.POST("/api/v1/organizations/{id}/deputies", { params: { path: { id: organizationId } }, body }));
export const createStation = (organizationId: number, body: StationBody) =>
  unwrap(
    api.POST("/api/v1/organizations/{id}/liaison-stations", {
      params: { path: { id: organizationId } },
      body,
    }),
  );
export const createAssignment = (organizationId: number, body: AssignmentBody) =>
  unwrap(
    api.POST("/api/v1/organizations/{id}/liaison-assignments", {
      params: { path: { id: organizationId } },
      body,
    }),
  );
export const createContactLog = (organizationId: number, body: StaffContactLogBody) =>
  unwrap(
    api.POST("/api/v1/organizations/{id}/contact-logs", { params: { path: { id: organizationId } }, body }),
  );
export const createOwnContactLog = (body: ContactLogBody) =>
  unwrap(api.POST("/api/v1/me/contact-logs", { body }));

/** The result letter (.docx) of one reporter of a closed session, saved by the browser. */
export async function downloadLetter(sessionId: number, reporterId: number, fileName: string): Promise<void> {
  const response = await fetch(`/api/v1/review-sessions/${sessionId}/results/${reporterId}/letter.docx`, {
    credentials: "same-origin",
  });
  if (!response.ok) throw toApiError(await response.json().catch(() => null), response);
  const url = URL.createObjectURL(await response.blob());
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = fileName;
  anchor.click();
  URL.revokeObjectURL(url);
}
