import { ArrowLeftOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Flex, Typography } from "antd";
import { useNavigate, useParams } from "react-router";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { parseOrganizationId } from "../../../routes/organization-routes";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { reviewQuery } from "./annual-api";
import { annualPath } from "./annual-paths";
import { BranchReviewEditor } from "./BranchReviewEditor";

/**
 * /orgs/:orgId/education-reviews/:reviewId — one branch's education review, the page the to-do inbox
 * links to (workflow kind education review): the branch edits and submits, the committee approves or
 * returns it with a reason, each only with the actions the server lists.
 */
export function EducationReviewPage() {
  const t = useT();
  const navigate = useNavigate();
  const organization = useCurrentOrganization();
  const reviewId = parseOrganizationId(useParams().reviewId);
  const review = useQuery({
    ...reviewQuery(organization.id, reviewId ?? 0),
    enabled: reviewId !== undefined,
  });
  if (review.isError) return <ErrorResult error={review.error} />;
  if (!review.data) return <PageSpinner />;
  return (
    <Flex vertical gap={12} data-testid="education-review-page">
      <div>
        <Button
          type="link"
          icon={<ArrowLeftOutlined />}
          onClick={() => navigate(annualPath(organization.id, "review"))}
          style={{ paddingInline: 0 }}
        >
          {t("review.back")}
        </Button>
      </div>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t("review.title", {
          name: review.data.organizationName ?? organization.name,
          year: review.data.year ?? "",
        })}
      </Typography.Title>
      <BranchReviewEditor key={`${review.data.id}-${review.data.state}`} review={review.data} />
    </Flex>
  );
}
