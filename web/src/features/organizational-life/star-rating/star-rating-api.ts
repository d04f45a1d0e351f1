import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { components } from "../../../api/schema";

/** The scoring sheet in force at an organization for a year (own, nearest ancestor's or the default). */
export type StarRatingSheet = components["schemas"]["StarRatingSheet"];
/** The ratings of a subtree for a year with the star distribution. */
export type StarRatingList = components["schemas"]["StarRatingList"];
/** One rating's page: sheet, scores per item, timeline, the actions this user may take. */
export type StarRatingDetail = components["schemas"]["StarRatingDetail"];
/** A sheet item (key, label, maximum points). */
export type SheetItem = StarRatingSheet["items"][number];
/** An engine action of the star rating. */
export type StarRatingActionName = StarRatingDetail["availableActions"][number]["action"];

const KEY = [...queryKeys.meetings, "star-ratings"] as const;

/** GET /organizations/{id}/star-rating-sheet?year=. */
export function sheetQuery(organizationId: number, year: number) {
  return queryOptions({
    queryKey: [...KEY, "sheet", organizationId, year],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/star-rating-sheet", {
          params: { path: { id: organizationId }, query: { year } },
        }),
      ),
  });
}

/** GET /organizations/{id}/star-ratings?year=. */
export function ratingsQuery(organizationId: number, year: number) {
  return queryOptions({
    queryKey: [...KEY, "list", organizationId, year],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/star-ratings", {
          params: { path: { id: organizationId }, query: { year } },
        }),
      ),
  });
}

/** GET /star-ratings/{id}. */
export function ratingDetailQuery(ratingId: number) {
  return queryOptions({
    queryKey: [...KEY, "detail", ratingId],
    queryFn: () => unwrap(api.GET("/api/v1/star-ratings/{id}", { params: { path: { id: ratingId } } })),
  });
}

export const useSheet = (organizationId: number, year: number) => useQuery(sheetQuery(organizationId, year));
export const useRatings = (organizationId: number, year: number) =>
  useQuery(ratingsQuery(organizationId, year));
export const useRatingDetail = (ratingId: number) => useQuery(ratingDetailQuery(ratingId));

/** After any write: the ratings, sheets, pages, the inbox (a step opens or closes a to-do) and indicators. */
function useInvalidateRatings() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: KEY }),
      client.invalidateQueries({ queryKey: queryKeys.todos }),
      client.invalidateQueries({ queryKey: queryKeys.indicators }),
    ]);
}

/** PUT /organizations/{id}/star-rating-sheet?year= {items}; 400 names items.{i}.{field}. */
export function usePutSheet(organizationId: number, year: number) {
  const invalidate = useInvalidateRatings();
  return useMutation({
    mutationFn: (items: SheetItem[]) =>
      unwrap(
        api.PUT("/api/v1/organizations/{id}/star-rating-sheet", {
          params: { path: { id: organizationId }, query: { year } },
          body: { items },
        }),
      ),
    onSuccess: invalidate,
  });
}

/** POST /organizations/{id}/star-ratings {year, scores}: the branch's self-rating. */
export function useSelfRate(organizationId: number) {
  const invalidate = useInvalidateRatings();
  return useMutation({
    mutationFn: (body: { year: number; scores: Record<string, number> }) =>
      unwrap(
        api.POST("/api/v1/organizations/{id}/star-ratings", {
          params: { path: { id: organizationId } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

/** POST /star-ratings/{id}/transitions {action, version, payload}. */
export function useRatingTransition(ratingId: number) {
  const invalidate = useInvalidateRatings();
  return useMutation({
    mutationFn: (body: { action: StarRatingActionName; version: number; payload: Record<string, unknown> }) =>
      unwrap(api.POST("/api/v1/star-ratings/{id}/transitions", { params: { path: { id: ratingId } }, body })),
    onSuccess: invalidate,
  });
}

/** POST /star-ratings/lock?year=: locks the year's ratings below the user's scope (from 1 December). */
export function useLockYear(year: number) {
  const invalidate = useInvalidateRatings();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/star-ratings/lock", { params: { query: { year } } })),
    onSuccess: invalidate,
  });
}
