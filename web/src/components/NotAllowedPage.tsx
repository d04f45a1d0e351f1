import { Button, Result } from "antd";
import { Link } from "react-router";
import { useT } from "../i18n/use-t";

/**
 * A page the user's role cannot use (the server would answer 403): a plain "您的角色无权使用此功能"
 * with a way back to the user's home, instead of an error with a retry that can never succeed.
 */
export function NotAllowedPage() {
  const t = useT();
  return (
    <div data-testid="not-allowed">
      <Result
        status="403"
        title={t("notAllowed.title")}
        subTitle={t("notAllowed.subTitle")}
        extra={
          <Link to="/">
            <Button type="primary">{t("notAllowed.back")}</Button>
          </Link>
        }
      />
    </div>
  );
}
