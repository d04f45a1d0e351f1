import { queryOptions } from "@tanstack/react-query";
import { api, setCsrfToken } from "../../../api/client";
import { expectNoContent, unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { Me } from "../../../api/types";

export async function fetchMe(): Promise<Me> {
  const me = await unwrap(api.GET("/api/v1/me"));
  setCsrfToken(me.csrfToken);
  return me;
}

export const meQuery = queryOptions({
  queryKey: queryKeys.me,
  queryFn: fetchMe,
  staleTime: 5 * 60_000,
});

export async function logIn(username: string, password: string): Promise<Me> {
  const me = await unwrap(api.POST("/api/v1/auth/login", { body: { username, password } }));
  setCsrfToken(me.csrfToken);
  return me;
}

export async function logOut(): Promise<void> {
  await expectNoContent(api.POST("/api/v1/auth/logout"));
  setCsrfToken(null);
}
