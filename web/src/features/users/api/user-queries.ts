import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { expectNoContent, unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { paths } from "../../../api/schema";
import { postForDownload } from "../../../api/transfer";

type Json<Response> = Response extends { content: { "application/json": infer Body } } ? Body : never;

/** An account as the accounts page lists it. */
export type User = Json<paths["/api/v1/users/{id}"]["get"]["responses"][200]>;
/** The filters of the accounts list. */
export type UserListQuery = NonNullable<paths["/api/v1/users"]["get"]["parameters"]["query"]>;
/** A role that can be granted. */
export type UserRole = User["roles"][number]["role"];

export const userKeys = {
  all: queryKeys.users,
  list: (query: UserListQuery) => [...queryKeys.users, "list", query] as const,
};

export const userListQuery = (query: UserListQuery) =>
  queryOptions({
    queryKey: userKeys.list(query),
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query } })),
  });

export function createUser(body: {
  username: string;
  displayName: string;
  role: UserRole;
  organizationId: number;
}) {
  return unwrap(api.POST("/api/v1/users", { body }));
}

export function setUserActive(id: number, active: boolean) {
  return active
    ? unwrap(api.POST("/api/v1/users/{id}/enable", { params: { path: { id } } }))
    : unwrap(api.POST("/api/v1/users/{id}/disable", { params: { path: { id } } }));
}

export function resetUserPassword(id: number) {
  return unwrap(api.POST("/api/v1/users/{id}/password-reset", { params: { path: { id } } }));
}

export function grantUserRole(id: number, body: { role: UserRole; organizationId: number }) {
  return unwrap(api.POST("/api/v1/users/{id}/roles", { params: { path: { id } }, body }));
}

export function revokeUserRole(id: number, roleId: number) {
  return unwrap(api.DELETE("/api/v1/users/{id}/roles/{roleId}", { params: { path: { id, roleId } } }));
}

/** Creates the missing branch-secretary accounts and downloads their .xlsx; resolves with how many. */
export async function createBranchSecretaries(organizationId: number): Promise<number> {
  const headers = await postForDownload(
    "/api/v1/users/branch-secretaries",
    { organizationId },
    "branch-secretaries.xlsx",
  );
  return Number(headers.get("x-created-count") ?? 0);
}

export function changeOwnPassword(body: { currentPassword: string; newPassword: string }) {
  return expectNoContent(api.POST("/api/v1/me/password", { body }));
}
