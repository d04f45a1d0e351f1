import type { DevelopmentState } from "@tuanwu/domain";
import { Badge, Card, Checkbox, Empty, Flex, Tag, Typography } from "antd";
import { Link } from "react-router";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import type { ApplicationListItem } from "../api/development-types";
import { applicationPath } from "../development-paths";

interface PipelineColumnProps {
  organizationId: number;
  state: DevelopmentState;
  items: readonly ApplicationListItem[];
  selectedIds: readonly number[];
  onToggle: (id: number, checked: boolean) => void;
  onToggleAll: (checked: boolean) => void;
  /** At a committee the board spans several branches: each card names its branch. */
  showBranch: boolean;
}

/** One column of the board: the applications in one state, each a card linking to its page. */
export function PipelineColumn({
  organizationId,
  state,
  items,
  selectedIds,
  onToggle,
  onToggleAll,
  showBranch,
}: PipelineColumnProps) {
  const t = useT();
  const labels = useLabels();
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
            onChange={(event) => onToggleAll(event.target.checked)}
            aria-label={t("development.selectColumn")}
            data-testid={`column-select-${state}`}
          />
          <Typography.Text strong ellipsis style={{ flex: 1 }}>
            {labels.developmentState(state)}
          </Typography.Text>
          <Badge count={items.length} showZero color={items.length ? "#c41d1d" : "#bfbfbf"} />
        </Flex>
      }
      data-testid={`column-${state}`}
    >
      {items.length === 0 ? (
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
                  onChange={(event) => onToggle(item.id, event.target.checked)}
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
        </Flex>
      )}
    </Card>
  );
}
