import type { ReactNode } from "react";
import { isApiError } from "../../../api/errors";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useMeQuery } from "../hooks/use-me";

/** Renders its children once /me has answered; a 401 is sent to /login by the API client. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMeQuery();
  if (me.isPending || isApiError(me.error, 401)) return <PageSpinner fullScreen />;
  if (me.isError) return <ErrorResult error={me.error} onRetry={() => void me.refetch()} />;
  return children;
}
