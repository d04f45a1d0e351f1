import { ArrowLeftOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Flex, Input, Modal, Table, Timeline, Typography } from "antd";
import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import { isApiError } from "../../../api/errors";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { completeScores, ScoreInputs } from "./ScoreInputs";
import { RatingSummary } from "./StarRatingsPanel";
import {
  type SheetItem,
  type StarRatingActionName,
  type StarRatingDetail,
  useRatingDetail,
  useRatingTransition,
} from "./star-rating-api";

/**
 * /orgs/:orgId/star-ratings/:ratingId: one branch's rating of a year — its step, stars, lock, the
 * sheet with the self and reviewed scores per item, the timeline, and ONLY the steps the server lists
 * in availableActions (submit the self-rating; the committee's review with scores per item, or a
 * return with a reason). Refusals (five-star over 20%, locked) show the server's message.
 */
export function StarRatingPage() {
  const t = useT();
  const navigate = useNavigate();
  const organization = useCurrentOrganization();
  const ratingId = Number(useParams().ratingId);
  const detail = useRatingDetail(ratingId);

  if (detail.isError) return <ErrorResult error={detail.error} />;
  const rating = detail.data;
  return (
    <Flex vertical gap={12} data-testid="star-rating-page">
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        onClick={() => navigate(`/orgs/${organization.id}/annual?view=star-rating`)}
        style={{ alignSelf: "flex-start", padding: 0 }}
      >
        {t("starRating.back")}
      </Button>
      <Card
        size="small"
        loading={detail.isLoading}
        title={rating ? `${rating.organizationName} · ${rating.year}` : ""}
      >
        {rating && (
          <Flex vertical gap={12}>
            <RatingSummary rating={rating} />
            <ScoresTable rating={rating} />
            <RatingActions rating={rating} />
          </Flex>
        )}
      </Card>
      {rating && rating.history.length > 0 && (
        <Card size="small" title={t("starRating.history")}>
          <Timeline
            items={rating.history.map((step) => ({
              key: step.sequence,
              content: (
                <Flex vertical>
                  <Typography.Text>
                    {step.actionLabel} · {step.actorName}
                  </Typography.Text>
                  <Typography.Text type="secondary">{step.occurredOn}</Typography.Text>
                  {step.note && <Typography.Text>{step.note}</Typography.Text>}
                </Flex>
              ),
            }))}
          />
        </Card>
      )}
    </Flex>
  );
}

function ScoresTable({ rating }: { rating: StarRatingDetail }) {
  const t = useT();
  return (
    <Table<SheetItem>
      size="small"
      rowKey="key"
      dataSource={rating.items}
      pagination={false}
      scroll={{ x: true }}
      columns={[
        { title: t("starRating.item"), dataIndex: "label" },
        { title: t("starRating.maxPoints"), dataIndex: "maxPoints", align: "right" },
        {
          title: t("starRating.selfScore"),
          align: "right",
          render: (_, item) => rating.selfScores?.[item.key] ?? "—",
        },
        {
          title: t("starRating.reviewedScore"),
          align: "right",
          render: (_, item) => rating.reviewedScores?.[item.key] ?? "—",
        },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={2}>
            {t("starRating.total", { total: "" }).trim()}
          </Table.Summary.Cell>
          <Table.Summary.Cell index={2} align="right">
            {rating.selfScore ?? "—"}
          </Table.Summary.Cell>
          <Table.Summary.Cell index={3} align="right">
            {rating.reviewedScore ?? "—"}
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

/** The buttons of the server's availableActions, each opening its form. */
function RatingActions({ rating }: { rating: StarRatingDetail }) {
  const t = useT();
  const [open, setOpen] = useState<StarRatingActionName>();
  if (rating.availableActions.length === 0)
    return (
      <Typography.Text type="secondary" data-testid="star-rating-no-actions">
        {t("starRating.noActions")}
      </Typography.Text>
    );
  return (
    <Flex gap={8} wrap data-testid="star-rating-actions">
      {rating.availableActions.map((item) => (
        <Button
          key={item.action}
          type={item.action === "return_self_rating" ? "default" : "primary"}
          danger={item.action === "return_self_rating"}
          onClick={() => setOpen(item.action)}
          data-testid={`star-rating-action-${item.action}`}
        >
          {item.label}
        </Button>
      ))}
      {open && (
        <ActionModal
          rating={rating}
          action={open}
          label={rating.availableActions.find((item) => item.action === open)?.label ?? open}
          onClose={() => setOpen(undefined)}
        />
      )}
    </Flex>
  );
}

function ActionModal({
  rating,
  action,
  label,
  onClose,
}: {
  rating: StarRatingDetail;
  action: StarRatingActionName;
  label: string;
  onClose: () => void;
}) {
  const t = useT();
  const transition = useRatingTransition(rating.id);
  const [scores, setScores] = useState<Record<string, number | null>>(rating.selfScores ?? {});
  const [text, setText] = useState("");
  const complete = completeScores(rating.items, scores);
  const field = transition.error && isApiError(transition.error) ? transition.error.field : undefined;
  const payload: Record<string, unknown> | null =
    action === "review"
      ? complete && { scores: complete, ...(text.trim() ? { note: text.trim() } : {}) }
      : action === "return_self_rating"
        ? text.trim()
          ? { reason: text.trim() }
          : null
        : text.trim()
          ? { note: text.trim() }
          : {};
  return (
    <Modal
      open
      title={label}
      okText={t("starRating.confirm")}
      cancelText={t("starRating.cancel")}
      okButtonProps={{ disabled: payload === null, loading: transition.isPending }}
      onCancel={onClose}
      onOk={() =>
        payload &&
        transition.mutate({ action, version: rating.version ?? 1, payload }, { onSuccess: () => onClose() })
      }
      destroyOnHidden
    >
      <Flex vertical gap={8} data-testid={`star-rating-modal-${action}`}>
        {action === "review" && (
          <ScoreInputs
            items={rating.items}
            scores={scores}
            onChange={setScores}
            errorField={field}
            testId="star-rating-review-scores"
          />
        )}
        <Input.TextArea
          rows={3}
          maxLength={500}
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder={action === "return_self_rating" ? t("starRating.reason") : t("starRating.note")}
          aria-label={action === "return_self_rating" ? t("starRating.reason") : t("starRating.note")}
        />
        {transition.error && (
          <Alert
            type="error"
            showIcon
            title={transition.error.message}
            data-testid="star-rating-action-error"
          />
        )}
      </Flex>
    </Modal>
  );
}
