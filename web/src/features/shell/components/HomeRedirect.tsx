import { Result } from "antd";
import { Navigate } from "react-router";
import { useT } from "../../../i18n/use-t";
import { useMe } from "../../auth/hooks/use-me";
import { MY_APPLICATION_PATH } from "../../me/me-paths";

/**
 * "/" opens the user's scope root; a member (every role 团员: an applicant or an ordinary member)
 * opens their own pages (/me/application, phone first); a user without a scope is told so.
 */
export function HomeRedirect() {
  const me = useMe();
  const t = useT();
  if (me.roles.length > 0 && me.roles.every((grant) => grant.role === "member")) {
    return <Navigate to={MY_APPLICATION_PATH} replace />;
  }
  if (!me.scopeRoot) return <Result status="403" subTitle={t("auth.noScope")} data-testid="no-scope" />;
  return <Navigate to={`/orgs/${me.scopeRoot.id}`} replace />;
}
