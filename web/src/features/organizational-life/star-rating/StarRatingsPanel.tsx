import {
  fiveStarLimit,
  isExemptFromStarRating,
  STAR_RATING_STATE_LABELS,
  type StarRatingState,
} from "@tuanwu/domain";
import {
  Alert,
  Button,
  Card,
  Flex,
  InputNumber,
  Popconfirm,
  Rate,
  Statistic,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { isApiError } from "../../../api/errors";
import { ErrorResult } from "../../../components/ErrorResult";
import { useLocale, useT } from "../../../i18n/use-t";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { todayInChina } from "../components/MeetingForm";
import { completeScores, ScoreInputs } from "./ScoreInputs";
import { SheetCard } from "./SheetCard";
import {
  type StarRatingList,
  type StarRatingSheet,
  useLockYear,
  useRatings,
  useSelfRate,
  useSheet,
} from "./star-rating-api";
import { bandLabel, starRatingPath } from "./star-rating-view";

type Rating = StarRatingList["items"][number];

/**
 * 评星定级 (issue 12 part 6; domain.md §6), the star-rating view of the 年度工作 tab: the year, the bands,
 * the scoring sheet (a committee edits its own), a branch's self-rating against the sheet, the
 * distribution with the five-star cap (≤ 20% of the branches rated), the ratings of the subtree (each
 * opens its page with the steps the server offers) and the year-end lock. Exempt (< 6 months old)
 * branches are shown as such. Buttons follow the user's abilities; the server still decides.
 */
export function StarRatingsPanel({ organizationId }: { organizationId: number }) {
  const t = useT();
  const organization = useCurrentOrganization();
  const canWrite = useAbilities().can("member:write");
  const [year, setYear] = useState(Number(todayInChina().slice(0, 4)));
  const sheet = useSheet(organizationId, year);
  const ratings = useRatings(organizationId, year);
  const isBranch = organization.kind === "branch";
  const own = ratings.data?.items.find((item) => item.organizationId === organizationId);

  return (
    <Flex vertical gap={12} data-testid="star-ratings-panel">
      <Flex gap={8} align="center" wrap>
        <Typography.Text>{t("starRating.year")}</Typography.Text>
        <InputNumber
          min={2000}
          max={2100}
          value={year}
          onChange={(value) => value && setYear(Number(value))}
          aria-label={t("starRating.year")}
          data-testid="star-rating-year"
        />
        {canWrite && !isBranch && <LockButton year={year} />}
      </Flex>
      <Alert type="info" showIcon title={t("starRating.bands")} />
      {isBranch && (
        <SelfRatingCard
          organizationId={organizationId}
          year={year}
          sheet={sheet.data}
          rating={own}
          exempt={own?.exempt ?? isExemptFromStarRating(organization.foundedOn ?? null, year)}
          canWrite={canWrite}
        />
      )}
      {sheet.isError ? (
        <ErrorResult error={sheet.error} />
      ) : (
        <SheetCard
          organizationId={organizationId}
          year={year}
          sheet={sheet.data}
          loading={sheet.isLoading}
          editable={canWrite && !isBranch}
        />
      )}
      {ratings.isError ? (
        <ErrorResult error={ratings.error} />
      ) : (
        <RatingsCard organizationId={organizationId} list={ratings.data} loading={ratings.isLoading} />
      )}
    </Flex>
  );
}

function LockButton({ year }: { year: number }) {
  const t = useT();
  const lock = useLockYear(year);
  return (
    <>
      <Popconfirm title={t("starRating.lockConfirm")} onConfirm={() => lock.mutate()}>
        <Button loading={lock.isPending} data-testid="star-rating-lock">
          {t("starRating.lockYear")}
        </Button>
      </Popconfirm>
      {lock.data && <Tag color="blue">{t("starRating.lockedCount", { count: lock.data.locked })}</Tag>}
      {lock.error && <Typography.Text type="danger">{lock.error.message}</Typography.Text>}
    </>
  );
}

interface SelfRatingCardProps {
  organizationId: number;
  year: number;
  sheet: StarRatingSheet | undefined;
  rating: Rating | undefined;
  exempt: boolean;
  canWrite: boolean;
}

/** The branch's self-rating 支部自评: one score per sheet item while the rating is open to it. */
function SelfRatingCard({ organizationId, year, sheet, rating, exempt, canWrite }: SelfRatingCardProps) {
  const t = useT();
  const selfRate = useSelfRate(organizationId);
  const [scores, setScores] = useState<Record<string, number | null>>({});
  const items = sheet?.items ?? [];
  const open = !rating || (rating.state === "self_rating" && rating.lockedAt === null);
  const complete = completeScores(items, scores);
  const field = selfRate.error && isApiError(selfRate.error) ? selfRate.error.field : undefined;
  return (
    <Card size="small" title={t("starRating.selfRating")} data-testid="star-rating-self">
      {exempt ? (
        <Alert type="info" showIcon title={t("starRating.exempt")} />
      ) : (
        <Flex vertical gap={8}>
          {rating && (
            <Flex gap={8} wrap align="center">
              <RatingSummary rating={rating} />
              <Link to={starRatingPath(organizationId, rating.id)} data-testid="star-rating-own-link">
                {t("starRating.open")}
              </Link>
            </Flex>
          )}
          {canWrite && open && (
            <>
              <ScoreInputs
                items={items}
                scores={scores}
                onChange={setScores}
                errorField={field}
                testId="star-rating-self-scores"
              />
              {selfRate.error && <Alert type="error" showIcon title={selfRate.error.message} />}
              {selfRate.isSuccess && <Alert type="success" showIcon title={t("starRating.selfSaved")} />}
              <Button
                type="primary"
                disabled={!complete}
                loading={selfRate.isPending}
                onClick={() => complete && selfRate.mutate({ year, scores: complete })}
                data-testid="star-rating-self-save"
              >
                {t("starRating.saveSelf")}
              </Button>
            </>
          )}
        </Flex>
      )}
    </Card>
  );
}

/** A rating's step, scores and stars as tags. */
export function RatingSummary({ rating }: { rating: Rating }) {
  const t = useT();
  const { locale } = useLocale();
  const stateLabel = rating.state
    ? STAR_RATING_STATE_LABELS[rating.state as StarRatingState]?.[locale === "en" ? "en" : "zh"]
    : null;
  return (
    <Flex gap={6} wrap align="center">
      {rating.exempt && <Tag>{t("starRating.exemptTag")}</Tag>}
      {stateLabel && <Tag color="processing">{stateLabel}</Tag>}
      {rating.stars !== null &&
        (rating.stars > 0 ? (
          <Rate
            disabled
            value={rating.stars}
            style={{ fontSize: 14 }}
            aria-label={bandLabel(t, rating.stars)}
          />
        ) : (
          <Tag color="red">{t("starRating.unrated")}</Tag>
        ))}
      {rating.lockedAt && <Tag color="default">{t("starRating.locked")}</Tag>}
    </Flex>
  );
}

/** The distribution with the five-star cap and the subtree's ratings. */
function RatingsCard({
  organizationId,
  list,
  loading,
}: {
  organizationId: number;
  list: StarRatingList | undefined;
  loading: boolean;
}) {
  const t = useT();
  const distribution = list?.distribution;
  const rated = distribution
    ? distribution.five +
      distribution.four +
      distribution.three +
      distribution.two +
      distribution.unrated +
      distribution.pending
    : 0;
  return (
    <Card size="small" title={t("starRating.distribution")} data-testid="star-rating-list">
      <Flex vertical gap={8}>
        <Flex gap={16} wrap>
          {(["five", "four", "three", "two", "unrated", "pending"] as const).map((key) => (
            <Statistic
              key={key}
              title={t(`starRating.${key}`)}
              value={distribution?.[key] ?? 0}
              loading={loading}
            />
          ))}
          <Statistic title={t("starRating.exemptTag")} value={distribution?.exempt ?? 0} loading={loading} />
        </Flex>
        {distribution && (
          <Typography.Text
            type={distribution.five > fiveStarLimit(rated) ? "danger" : "secondary"}
            data-testid="star-rating-cap"
          >
            {t("starRating.cap", { five: distribution.five, limit: fiveStarLimit(rated) })}
          </Typography.Text>
        )}
        <Table<Rating>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={list?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: true }}
          locale={{ emptyText: t("starRating.none") }}
          columns={[
            {
              title: t("starRating.branch"),
              render: (_, item) => (
                <Link to={starRatingPath(organizationId, item.id)}>{item.organizationName}</Link>
              ),
            },
            { title: t("starRating.selfScore"), dataIndex: "selfScore", align: "right" },
            { title: t("starRating.reviewedScore"), dataIndex: "reviewedScore", align: "right" },
            { title: t("starRating.stars"), render: (_, item) => <RatingSummary rating={item} /> },
          ]}
        />
      </Flex>
    </Card>
  );
}
