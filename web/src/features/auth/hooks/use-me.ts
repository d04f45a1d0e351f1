import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import type { Permission } from "@tuanwu/domain";
import { queryKeys } from "../../../api/query-keys";
import type { Me } from "../../../api/types";
import { logIn, logOut, meQuery } from "../api/auth-queries";

/** The signed-in user, or the query state while it loads (401 redirects to /login). */
export function useMeQuery() {
  return useQuery(meQuery);
}

/** The signed-in user; only below <RequireAuth>, which has loaded it. */
export function useMe(): Me {
  return useSuspenseQuery(meQuery).data;
}

/** Whether the user's permissions from /me include `permission`. The server still decides. */
export function useCan(permission: Permission): boolean {
  return useMe().permissions.includes(permission);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ username, password }: { username: string; password: string }) => logIn(username, password),
    onSuccess: (me) => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.me, me);
    },
  });
}

/** Ends the session, then reloads on /login so nothing of this user stays in memory. */
export function useLogout() {
  return useMutation({
    mutationFn: logOut,
    onSettled: () => {
      window.location.assign("/login");
    },
  });
}
