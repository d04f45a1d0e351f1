import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Empty, Flex, Select, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { ApiError } from "../../../api/errors";
import type { Organization } from "../../../api/types";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { useAbilities } from "../../auth/hooks/use-abilities";
import {
  branchReviewQuery,
  REVIEW_GRADES,
  type ReviewBranchRow,
  type ReviewCampaign,
  reviewBranchesQuery,
  useReviewCampaigns,
  useStartBranchReview,
} from "./annual-api";
import { useGradeLabel, useReviewStateLabel } from "./annual-labels";
import { educationReviewPath } from "./annual-paths";
import { BranchReviewEditor } from "./BranchReviewEditor";
import { CloseCampaignButton } from "./CloseCampaignButton";
import { OpenCampaignForm } from "./OpenCampaignForm";
import { percentOf } from "./review-checks";

/** The campaign picker: the newest campaign first (a branch sees its committee's campaigns). */
export function CampaignSelect<
  Campaign extends { id: number; year: number; opensOn: string; closesOn: string },
>({
  campaigns,
  value,
  onChange,
}: {
  campaigns: Campaign[];
  value: number | undefined;
  onChange: (id: number) => void;
}) {
  const t = useT();
  return (
    <Select<number>
      value={value}
      onChange={onChange}
      style={{ width: "100%", maxWidth: 320 }}
      options={campaigns.map((campaign) => ({
        value: campaign.id,
        label: t("annual.campaign", campaign),
      }))}
      data-testid="campaign-select"
    />
  );
}

/** The selected campaign: chosen, else the newest. */
export function useSelectedCampaign<Campaign extends { id: number; year: number }>(
  campaigns: Campaign[] | undefined,
) {
  const [selected, setSelected] = useState<number>();
  const sorted = [...(campaigns ?? [])].sort((a, b) => b.year - a.year || b.id - a.id);
  const campaign = sorted.find((entry) => entry.id === selected) ?? sorted[0];
  return { sorted, campaign, select: setSelected };
}

/**
 * ?view=review — 团员教育评议. A committee: open a campaign for its subtree and follow each branch
 * (state, graded, 优秀 share), opening a branch's review to approve or return it. A branch: its own review.
 */
export function ReviewView({ organization }: { organization: Organization }) {
  const t = useT();
  const canWrite = useAbilities().can("member:write");
  const campaigns = useReviewCampaigns(organization.id);
  const { sorted, campaign, select } = useSelectedCampaign(campaigns.data);
  const isBranch = organization.kind === "branch";
  if (campaigns.isError) return <ErrorResult error={campaigns.error} />;
  if (!campaigns.data) return <PageSpinner />;
  return (
    <Flex vertical gap={12} data-testid="review-view">
      {!isBranch && canWrite && (
        <Card size="small" title={t("annual.openReview")}>
          <OpenCampaignForm organizationId={organization.id} kind="review" />
        </Card>
      )}
      {campaign === undefined ? (
        <Empty description={t("annual.noCampaign")} />
      ) : (
        <>
          <Flex gap={8} align="center" wrap>
            <CampaignSelect campaigns={sorted} value={campaign.id} onChange={select} />
            <CloseCampaignButton campaign={campaign} kind="review" />
          </Flex>
          {isBranch ? (
            <BranchReview
              branchId={organization.id}
              campaignId={campaign.id}
              mayStart={canWrite && !campaign.closedAt}
            />
          ) : (
            <CampaignProgress campaign={campaign} organizationId={organization.id} />
          )}
        </>
      )}
    </Flex>
  );
}

/**
 * The branch's own review. A branch made after the campaign opened has none (404 review_not_started):
 * it says so, with 开始评议 for who may write the branch's members while the campaign is open.
 */
function BranchReview({
  branchId,
  campaignId,
  mayStart,
}: {
  branchId: number;
  campaignId: number;
  mayStart: boolean;
}) {
  const t = useT();
  const review = useQuery(branchReviewQuery(branchId, campaignId));
  const start = useStartBranchReview(branchId);
  if (review.error instanceof ApiError && review.error.code === "review_not_started") {
    return (
      <Card size="small" data-testid="review-not-started">
        <Flex vertical gap={8} align="flex-start">
          <Typography.Text>{t("annual.reviewNotStarted")}</Typography.Text>
          {start.error && <Alert type="error" showIcon message={start.error.message} />}
          {mayStart && (
            <Button
              type="primary"
              loading={start.isPending}
              onClick={() => start.mutate({ campaignId })}
              data-testid="start-review"
            >
              {t("annual.startReview")}
            </Button>
          )}
        </Flex>
      </Card>
    );
  }
  if (review.isError) return <ErrorResult error={review.error} />;
  if (!review.data) return <PageSpinner />;
  return <BranchReviewEditor key={`${review.data.id}-${review.data.state}`} review={review.data} />;
}

function CampaignProgress({
  campaign,
  organizationId,
}: {
  campaign: ReviewCampaign;
  organizationId: number;
}) {
  const t = useT();
  const navigate = useNavigate();
  const gradeLabel = useGradeLabel();
  const stateLabel = useReviewStateLabel();
  const branches = useQuery(reviewBranchesQuery(campaign.id, organizationId));
  const { progress } = campaign;
  return (
    <Card size="small" data-testid="review-progress">
      <Flex vertical gap={8}>
        <Typography.Text>
          {t("annual.progress", {
            branches: progress.branches,
            submitted: progress.submitted,
            approved: progress.approved,
          })}
        </Typography.Text>
        <Flex gap={4} wrap>
          {REVIEW_GRADES.map((grade) => (
            <Tag key={grade}>
              {gradeLabel(grade)} {progress.gradeCounts[grade]}
            </Tag>
          ))}
        </Flex>
        {branches.isError ? (
          <ErrorResult error={branches.error} />
        ) : (
          <Table<ReviewBranchRow>
            size="small"
            rowKey="organizationId"
            loading={branches.isLoading}
            dataSource={branches.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: true }}
            columns={[
              { title: t("annual.branch"), dataIndex: "name" },
              {
                title: t("annual.state"),
                dataIndex: "state",
                render: (state: string | null) => (
                  <Tag
                    color={
                      state === "approved"
                        ? "green"
                        : state === "awaiting_committee_approval" || state === "submitted"
                          ? "gold"
                          : undefined
                    }
                  >
                    {stateLabel(state)}
                  </Tag>
                ),
              },
              {
                title: t("annual.graded"),
                render: (_, row) => `${row.graded} / ${row.members}`,
              },
              {
                title: t("annual.excellentShare"),
                dataIndex: "excellentShare",
                render: (share: number | null) => percentOf(share),
              },
              {
                title: "",
                render: (_, row) =>
                  row.branchReviewId !== null && (
                    <Button
                      size="small"
                      onClick={() =>
                        row.branchReviewId !== null &&
                        navigate(educationReviewPath(row.organizationId, row.branchReviewId))
                      }
                      data-testid={`review-open-${row.organizationId}`}
                    >
                      {t("annual.open.detail")}
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </Flex>
    </Card>
  );
}
