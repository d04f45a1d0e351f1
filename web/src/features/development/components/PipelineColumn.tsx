import { type DevelopmentState, rankByPoints } from "@tuanwu/domain";
import { Badge, Card, Checkbox, Empty, Flex, Spin, Tag, Typography } from "antd";
import { useMemo } from "react";
import { Link } from "react-router";
import { errorMessageOf } from "../../../components/form-errors";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import type { ApplicationListItem } from "../api/development-types";
import { applicationPath } from "../development-paths";
import { useApplications } from "../hooks/use-development";

/** A column shows this many cards (the server's page limit); the count says how many there are. */
const COLUMN_PAGE = { page: 1, pageSize: 100 };

interface PipelineColumnProps {
  organizationId: number;
  state: DevelopmentState;
  /** The name searched for, "" for all. */
  q: string;
  selectedIds: readonly number[];
  onToggle: (item: ApplicationListItem, checked: boolean) => void;
  onToggleAll: (items: ApplicationListItem[], checked: boolean) => void;
  /** At a committee the board spans several branches: each card names its branch. */
  showBranch: boolean;
}

/**
 * One column of the board: the applications in one state, each a card linking to its page —
 * candidates (入团积极分子) ranked by points, highest first (积分入团), the others oldest first.
 */
export function PipelineColumn({
  organizationId,
  state,
  q,
  selectedIds,
  onToggle,
  onToggleAll,
  showBranch,
}: PipelineColumnProps) {
  const t = useT();
  const labels = useLabels();
  const page = useApplications(organizationId, { ...COLUMN_PAGE, state, q: q || undefined });
  const items = useMemo(() => ordered(state, page.data?.items ?? []), [state, page.data]);
  const total = page.data?.total ?? 0;
  const allSelected = items.length > 0 && selectedIds.length === items.length;
  return (
    <Card
      size="small"
      style={{ width: 220, background: "#fafafa" }}
      styles={{ body: { padding: 8 } }}
      title={
        <Flex align="center" gap={6}>
          <Checkbox
            checked={allSelected}
            indeterminate={selectedIds.length > 0 && !allSelected}
            disabled={items.length === 0}
            onChange={(event) => onToggleAll(items, event.target.checked)}
            aria-label={t("development.selectColumn")}
            data-testid={`column-select-${state}`}
          />
          <Typography.Text strong ellipsis style={{ flex: 1 }}>
            {labels.developmentState(state)}
          </Typography.Text>
          <Badge
            count={total}
            overflowCount={9999}
            showZero
            color={total ? "#c41d1d" : "#bfbfbf"}
            data-testid={`column-count-${state}`}
          />
        </Flex>
      }
      data-testid={`column-${state}`}
    >
      {page.isPending ? (
        <Spin size="small" style={{ display: "block", margin: 12 }} />
      ) : page.isError ? (
        <Typography.Text type="danger">{errorMessageOf(page.error, t("common.error"))}</Typography.Text>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("development.emptyColumn")} />
      ) : (
        <Flex vertical gap={6} style={{ maxHeight: "calc(100vh - 300px)", overflowY: "auto" }}>
          {items.map((item) => (
            <Card
              key={item.id}
              size="small"
              styles={{ body: { padding: "6px 8px" } }}
              data-testid="application-card"
            >
              <Flex gap={6} align="flex-start">
                <Checkbox
                  checked={selectedIds.includes(item.id)}
                  onChange={(event) => onToggle(item, event.target.checked)}
                  aria-label={item.name}
                  data-testid={`card-select-${item.id}`}
                />
                <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
                  <Link to={applicationPath(organizationId, item.id)} data-testid="application-card-link">
                    {item.name}
                  </Link>
                  {showBranch && (
                    <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                      {item.organizationName}
                    </Typography.Text>
                  )}
                  <Flex gap={4} wrap>
                    <Tag
                      color={item.points.meetsThreshold ? "green" : "default"}
                      style={{ marginInlineEnd: 0 }}
                    >
                      {t("development.pointsShort", { total: item.points.total })}
                    </Tag>
                    {item.points.missingCount > 0 && (
                      <Tag color="orange" style={{ marginInlineEnd: 0 }} data-testid="card-missing">
                        {t("development.missingShort", { count: item.points.missingCount })}
                      </Tag>
                    )}
                  </Flex>
                </Flex>
              </Flex>
            </Card>
          ))}
          {total > items.length && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t("development.columnMore", { shown: items.length, total })}
            </Typography.Text>
          )}
        </Flex>
      )}
    </Card>
  );
}

function ordered(state: DevelopmentState, items: readonly ApplicationListItem[]): ApplicationListItem[] {
  if (state !== "candidate") return [...items];
  const byId = new Map(items.map((item) => [item.id, item]));
  return rankByPoints(items.map((item) => ({ ...item, points: item.points.total }))).flatMap(
    (item) => byId.get(item.id) ?? [],
  );
}
