import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { paths } from "../../../api/schema";

type Json<T> = T extends { content: { "application/json": infer Body } } ? Body : never;
type Body<T> = T extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;

/** GET /organizations/{id}/youth-homes: the subtree's homes and posts with their standard and liveliness. */
export type YouthHomeList = Json<paths["/api/v1/organizations/{id}/youth-homes"]["get"]["responses"][200]>;
export type YouthHomeListItem = YouthHomeList["items"][number];
/** GET /youth-homes/{id}: a home's page (五有, subsidy, services by month, activities, de-listing). */
export type YouthHomeDetail = Json<paths["/api/v1/youth-homes/{id}"]["get"]["responses"][200]>;
export type YouthHomeCreateBody = Body<paths["/api/v1/organizations/{id}/youth-homes"]["post"]>;
export type YouthHomePatchBody = Body<paths["/api/v1/youth-homes/{id}"]["patch"]>;
export type YouthHomeDelistBody = Body<paths["/api/v1/youth-homes/{id}/delist"]["post"]>;
export type YouthHomeServicesBody = Body<paths["/api/v1/youth-homes/{id}/services/{month}"]["put"]>;

export function youthHomesQuery(organizationId: number, includeDelisted = false) {
  return queryOptions({
    queryKey: [...queryKeys.youthHomes, "list", organizationId, includeDelisted],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/youth-homes", {
          params: {
            path: { id: organizationId },
            query: { includeDelisted: includeDelisted ? "true" : undefined },
          },
        }),
      ),
  });
}

export function youthHomeQuery(homeId: number) {
  return queryOptions({
    queryKey: [...queryKeys.youthHomes, "home", homeId],
    queryFn: () => unwrap(api.GET("/api/v1/youth-homes/{id}", { params: { path: { id: homeId } } })),
  });
}

export function createYouthHome(organizationId: number, body: YouthHomeCreateBody) {
  return unwrap(
    api.POST("/api/v1/organizations/{id}/youth-homes", { params: { path: { id: organizationId } }, body }),
  );
}

export function updateYouthHome(homeId: number, body: YouthHomePatchBody) {
  return unwrap(api.PATCH("/api/v1/youth-homes/{id}", { params: { path: { id: homeId } }, body }));
}

export function delistYouthHome(homeId: number, body: YouthHomeDelistBody) {
  return unwrap(api.POST("/api/v1/youth-homes/{id}/delist", { params: { path: { id: homeId } }, body }));
}

export function recordYouthHomeServices(homeId: number, month: string, body: YouthHomeServicesBody) {
  return unwrap(
    api.PUT("/api/v1/youth-homes/{id}/services/{month}", { params: { path: { id: homeId, month } }, body }),
  );
}
