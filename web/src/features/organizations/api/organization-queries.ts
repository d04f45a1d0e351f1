import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { CreateOrganizationBody, Organization, UpdateOrganizationBody } from "../../../api/types";

export function organizationQuery(id: number) {
  return queryOptions({
    queryKey: [...queryKeys.organizations, "detail", id],
    queryFn: () => unwrap(api.GET("/api/v1/organizations/{id}", { params: { path: { id } } })),
  });
}

export function organizationChildrenQuery(id: number) {
  return queryOptions({
    queryKey: [...queryKeys.organizations, "children", id],
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/organizations/{id}/children", { params: { path: { id } } }))).items,
  });
}

export const SEARCH_LIMIT = 20;

export function organizationSearchQuery(q: string) {
  return queryOptions({
    queryKey: [...queryKeys.organizations, "search", q],
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/organizations", { params: { query: { q, limit: SEARCH_LIMIT } } })))
        .items,
    enabled: q.trim().length > 0,
    staleTime: 60_000,
  });
}

export function createOrganization(body: CreateOrganizationBody): Promise<Organization> {
  return unwrap(api.POST("/api/v1/organizations", { body }));
}

export function updateOrganization(id: number, body: UpdateOrganizationBody): Promise<Organization> {
  return unwrap(api.PATCH("/api/v1/organizations/{id}", { params: { path: { id } }, body }));
}

export function moveOrganization(id: number, newParentId: number): Promise<Organization> {
  return unwrap(
    api.POST("/api/v1/organizations/{id}/move", { params: { path: { id } }, body: { newParentId } }),
  );
}
