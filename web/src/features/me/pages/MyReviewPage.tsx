import { useQuery } from "@tanstack/react-query";
import { Card, Empty, Flex, List, Tag, Typography } from "antd";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { ownRegistrationsQuery, ownReviewsQuery } from "../../organizational-life/annual/annual-api";
import { useGradeLabel, useRegistrationLabel } from "../../organizational-life/annual/annual-labels";

const GRADE_COLORS: Record<string, string> = {
  excellent: "green",
  qualified: "blue",
  basically_qualified: "gold",
  unqualified: "red",
};

/**
 * /me/review — 评议与注册: the member's education-review grades (GET /me/education-reviews) and
 * registrations (GET /me/registrations) by year, newest first, phone first (375 px).
 */
export function MyReviewPage() {
  const t = useT();
  const gradeLabel = useGradeLabel();
  const registrationLabel = useRegistrationLabel();
  const reviews = useQuery(ownReviewsQuery);
  const registrations = useQuery(ownRegistrationsQuery);
  if (reviews.isError) return <ErrorResult error={reviews.error} />;
  if (registrations.isError) return <ErrorResult error={registrations.error} />;
  if (!reviews.data || !registrations.data) return <PageSpinner />;
  const byYear = <Entry extends { year: number }>(entries: Entry[]) =>
    [...entries].sort((a, b) => b.year - a.year);
  return (
    <Flex vertical gap={12} data-testid="my-review">
      <Card size="small" title={t("me.reviewGrades")}>
        <List
          dataSource={byYear(reviews.data)}
          locale={{ emptyText: <Empty description={t("me.noReviews")} /> }}
          renderItem={(review) => (
            <List.Item data-testid={`my-review-${review.year}`}>
              <Flex vertical gap={2} style={{ width: "100%" }}>
                <Flex justify="space-between" align="center">
                  <Typography.Text strong>{review.year}</Typography.Text>
                  <Tag color={review.grade ? GRADE_COLORS[review.grade] : undefined}>
                    {gradeLabel(review.grade)}
                  </Tag>
                </Flex>
                {review.selfAssessment && (
                  <Typography.Text type="secondary">{review.selfAssessment}</Typography.Text>
                )}
              </Flex>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t("me.registrations")}>
        <List
          dataSource={byYear(registrations.data)}
          locale={{ emptyText: <Empty description={t("me.noRegistrations")} /> }}
          renderItem={(registration) => (
            <List.Item data-testid={`my-registration-${registration.year}`}>
              <Flex vertical gap={2} style={{ width: "100%" }}>
                <Flex justify="space-between" align="center">
                  <Typography.Text strong>{registration.year}</Typography.Text>
                  <Tag
                    color={
                      registration.status === "registered"
                        ? "green"
                        : registration.status === "deferred"
                          ? "gold"
                          : registration.status === "unregistered"
                            ? "red"
                            : undefined
                    }
                  >
                    {registrationLabel(registration.status)}
                  </Tag>
                </Flex>
                {registration.deferredUntil && (
                  <Typography.Text type="secondary">
                    {t("registration.deferredUntil", { date: registration.deferredUntil })}
                    {registration.reason ? ` · ${registration.reason}` : ""}
                  </Typography.Text>
                )}
              </Flex>
            </List.Item>
          )}
        />
      </Card>
    </Flex>
  );
}
