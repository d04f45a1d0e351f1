import { Result } from "antd";
import { Navigate } from "react-router";
import { useT } from "../../../i18n/use-t";
import { useMe } from "../../auth/hooks/use-me";

/** "/" opens the user's scope root; a user without one is told so. */
export function HomeRedirect() {
  const me = useMe();
  const t = useT();
  if (!me.scopeRoot) return <Result status="403" subTitle={t("auth.noScope")} data-testid="no-scope" />;
  return <Navigate to={`/orgs/${me.scopeRoot.id}`} replace />;
}
