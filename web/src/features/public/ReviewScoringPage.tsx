import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Flex, InputNumber, Result, Spin, Typography } from "antd";
import { useState } from "react";
import { useParams } from "react-router";
import { isApiError } from "../../api/errors";
import { LanguageSwitch } from "../../i18n/LanguageSwitch";
import { useT } from "../../i18n/use-t";
import type { MessageKey } from "../../i18n/zh-CN";
import { fetchPublicReview, submitPublicScores } from "./public-review-api";

/** The clear message of a refused load or submission (used link, closed, not open, unknown, 429). */
export function scoringErrorKey(error: unknown): MessageKey {
  if (isApiError(error, 429)) return "publicReview.tooMany";
  if (isApiError(error, 404)) return "publicReview.notFound";
  if (isApiError(error)) {
    if (error.code === "review_link_used") return "publicReview.used";
    if (error.code === "review_session_closed") return "publicReview.closed";
    if (error.code === "review_session_not_open") return "publicReview.notOpen";
  }
  return "publicReview.failed";
}

/**
 * /review/:token — the 述职评议 scoring page on a phone (375 px), reached by a one-time link or its QR
 * code, no account: one score per reporter within 0…scaleMax, submitted once for all reporters
 * (server: POST /public/review/{token}/scores; domain.md §6, issue 13 part 4). A used link, a closed or
 * not yet open session and too many attempts (429) each say so in plain Chinese.
 */
export function ReviewScoringPage() {
  const { token = "" } = useParams();
  const t = useT();
  const [scores, setScores] = useState<Record<number, number | null>>({});
  const [missing, setMissing] = useState(false);
  const review = useQuery({
    queryKey: ["public-review", token],
    queryFn: () => fetchPublicReview(token),
    retry: false,
  });
  const submit = useMutation({
    mutationFn: () =>
      submitPublicScores(
        token,
        (review.data?.reporters ?? []).map((reporter) => ({
          reporterId: reporter.id,
          score: scores[reporter.id] as number,
        })),
      ),
  });

  const shell = (content: React.ReactNode) => (
    <Flex
      vertical
      gap={12}
      style={{ maxWidth: 480, margin: "0 auto", padding: 12 }}
      data-testid="review-scoring"
    >
      <Flex align="center" justify="space-between">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("publicReview.title")}
        </Typography.Title>
        <LanguageSwitch />
      </Flex>
      {content}
    </Flex>
  );

  if (review.isPending) return shell(<Spin />);
  if (review.isError)
    return shell(
      <Result status="warning" title={t(scoringErrorKey(review.error))} data-testid="review-error" />,
    );
  const data = review.data;
  if (submit.isSuccess)
    return shell(<Result status="success" title={t("publicReview.thanks")} data-testid="review-thanks" />);
  if (data.submitted)
    return shell(<Result status="info" title={t("publicReview.used")} data-testid="review-used" />);
  if (data.status === "closed")
    return shell(<Result status="info" title={t("publicReview.closed")} data-testid="review-closed" />);
  if (data.status !== "open")
    return shell(<Result status="info" title={t("publicReview.notOpen")} data-testid="review-not-open" />);

  const complete = data.reporters.every((reporter) => typeof scores[reporter.id] === "number");
  return shell(
    <>
      <Typography.Text strong>
        {data.organizationName} · {data.year} · {data.title}
      </Typography.Text>
      <Typography.Text type="secondary">{t("publicReview.intro", { max: data.scaleMax })}</Typography.Text>
      {data.reporters.map((reporter) => (
        <Card key={reporter.id} size="small" data-testid={`reporter-${reporter.sequence}`}>
          <Flex align="center" justify="space-between" gap={8}>
            <Flex vertical style={{ minWidth: 0 }}>
              <Typography.Text strong>
                {reporter.sequence}. {reporter.name}
              </Typography.Text>
              <Typography.Text type="secondary" ellipsis>
                {reporter.organizationName} {reporter.postLabel}
              </Typography.Text>
            </Flex>
            <InputNumber
              size="large"
              min={0}
              max={data.scaleMax}
              precision={0}
              inputMode="numeric"
              style={{ width: 96 }}
              aria-label={`${t("publicReview.score")} ${reporter.name}`}
              value={scores[reporter.id] ?? null}
              onChange={(value) => {
                setMissing(false);
                setScores((current) => ({ ...current, [reporter.id]: value }));
              }}
            />
          </Flex>
        </Card>
      ))}
      {missing && <Alert type="warning" showIcon message={t("publicReview.missing")} />}
      {submit.isError && (
        <Alert
          type="error"
          showIcon
          message={t(scoringErrorKey(submit.error))}
          data-testid="review-submit-error"
        />
      )}
      <Typography.Text type="secondary">{t("publicReview.confirm")}</Typography.Text>
      <Button
        type="primary"
        size="large"
        block
        loading={submit.isPending}
        onClick={() => (complete ? submit.mutate() : setMissing(true))}
        data-testid="review-submit"
      >
        {t("publicReview.submit")}
      </Button>
    </>,
  );
}
