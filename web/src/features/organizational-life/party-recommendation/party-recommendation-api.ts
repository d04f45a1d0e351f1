import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { components } from "../../../api/schema";

/**
 * The API of 推优入党 (issue 12 part 5; contract-o.md "Recommendation"), through the generated client.
 * Only this module fetches; the panel and the page use the hooks.
 */

/** A branch member with age, League years and why they may not be recommended. */
export type EligibleMember = components["schemas"]["PartyRecommendationEligibleList"][number];
/** A recommendation in a list. */
export type PartyRecommendation = components["schemas"]["PartyRecommendation"];
/** One recommendation's page: timeline, the user's actions, the Party stages. */
export type PartyRecommendationDetail = components["schemas"]["PartyRecommendationDetail"];
/** An engine action of a recommendation. */
export type RecommendationAction = PartyRecommendationDetail["availableActions"][number]["action"];
/** POST /party-recommendations body. */
export type NewRecommendation = {
  memberId: number;
  partyApplicationOn: string;
  meetingHeldOn: string;
  rollCount: number;
  attendeesCount: number;
  votesFor: number;
};
/** The Party's later steps, in order. */
export const PARTY_STAGE_NAMES = ["activist", "development_target", "probationary", "full"] as const;
export type PartyStageName = (typeof PARTY_STAGE_NAMES)[number];

const KEY = [...queryKeys.meetings, "party-recommendations"] as const;

/** GET /organizations/{branchId}/party-recommendations/eligible. */
export function eligibleQuery(branchId: number) {
  return queryOptions({
    queryKey: [...KEY, "eligible", branchId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/party-recommendations/eligible", {
          params: { path: { id: branchId } },
        }),
      ),
  });
}

/** GET /organizations/{id}/party-recommendations. */
export function recommendationsQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...KEY, "list", organizationId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/party-recommendations", {
          params: { path: { id: organizationId } },
        }),
      ),
  });
}

/** GET /party-recommendations/{id}. */
export function recommendationDetailQuery(recommendationId: number) {
  return queryOptions({
    queryKey: [...KEY, "detail", recommendationId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/party-recommendations/{id}", { params: { path: { id: recommendationId } } })),
  });
}

export const useEligible = (branchId: number, enabled = true) =>
  useQuery({ ...eligibleQuery(branchId), enabled });
export const useRecommendations = (organizationId: number) => useQuery(recommendationsQuery(organizationId));
export const useRecommendationDetail = (recommendationId: number) =>
  useQuery(recommendationDetailQuery(recommendationId));

/** After any write: the recommendations, the inbox (a step opens or closes a to-do), members, indicators. */
function useInvalidateRecommendations() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: KEY }),
      client.invalidateQueries({ queryKey: queryKeys.todos }),
      client.invalidateQueries({ queryKey: queryKeys.members }),
      client.invalidateQueries({ queryKey: queryKeys.indicators }),
    ]);
}

/** POST /party-recommendations; 400 names the field (memberId, partyApplicationOn, attendeesCount…). */
export function useCreateRecommendation() {
  const invalidate = useInvalidateRecommendations();
  return useMutation({
    mutationFn: (body: NewRecommendation) => unwrap(api.POST("/api/v1/party-recommendations", { body })),
    onSuccess: invalidate,
  });
}

/** POST /party-recommendations/{id}/transitions {action, version, reason?}. */
export function useTransitionRecommendation(recommendationId: number) {
  const invalidate = useInvalidateRecommendations();
  return useMutation({
    mutationFn: (body: { action: RecommendationAction; version: number; reason?: string }) =>
      unwrap(
        api.POST("/api/v1/party-recommendations/{id}/transitions", {
          params: { path: { id: recommendationId } },
          body: { ...body, payload: {} },
        }),
      ),
    onSuccess: invalidate,
  });
}

/** POST /party-recommendations/{id}/party-stage {stage, on}; 400 names stage or on. */
export function useRecordPartyStage(recommendationId: number) {
  const invalidate = useInvalidateRecommendations();
  return useMutation({
    mutationFn: (body: { stage: PartyStageName; on: string }) =>
      unwrap(
        api.POST("/api/v1/party-recommendations/{id}/party-stage", {
          params: { path: { id: recommendationId } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

/** The web path of a recommendation's page. */
export function partyRecommendationPath(organizationId: number, recommendationId: number): string {
  return `/orgs/${organizationId}/party-recommendations/${recommendationId}`;
}
