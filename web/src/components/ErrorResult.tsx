import { Button, Result } from "antd";
import { isApiError } from "../api/errors";
import { useT } from "../i18n/use-t";

interface ErrorResultProps {
  error: unknown;
  /** Shown instead of the server's message, e.g. for a 404. */
  title?: string;
  onRetry?: () => void;
}

/** A failed load: the server's message (already in Chinese) and, if given, a retry button. */
export function ErrorResult({ error, title, onRetry }: ErrorResultProps) {
  const t = useT();
  const message = isApiError(error) ? error.message : error instanceof Error ? error.message : undefined;
  const notFound = isApiError(error, 404);
  return (
    <Result
      status={notFound ? "404" : "error"}
      title={title ?? t("common.error")}
      subTitle={message}
      extra={
        onRetry && !notFound ? (
          <Button type="primary" onClick={onRetry}>
            {t("common.retry")}
          </Button>
        ) : undefined
      }
    />
  );
}
