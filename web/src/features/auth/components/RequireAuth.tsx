import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { pathWithReturn } from "../../../api/client";
import { isApiError } from "../../../api/errors";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useMeQuery } from "../hooks/use-me";

/**
 * Renders its children once /me has answered; a 401 is sent to /login by the API client. A user
 * holding a one-time password is sent to /password until they change it.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMeQuery();
  const location = useLocation();
  if (me.isPending || isApiError(me.error, 401)) return <PageSpinner fullScreen />;
  if (me.isError) return <ErrorResult error={me.error} onRetry={() => void me.refetch()} />;
  // A one-time password (new account, reset) must be changed before anything else; the page asked
  // for comes after it (?next=).
  if (me.data.mustChangePassword && location.pathname !== "/password")
    return (
      <Navigate
        to={pathWithReturn("/password", `${location.pathname}${location.search}${location.hash}`)}
        replace
      />
    );
  return children;
}
