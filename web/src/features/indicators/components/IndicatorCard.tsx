import { InfoCircleOutlined } from "@ant-design/icons";
import { Card, Flex, Tag, Tooltip, Typography } from "antd";
import { useT } from "../../../i18n/use-t";
import type { Indicator, IndicatorValueItem } from "../api/indicator-types";
import { useIndicatorLookup } from "../hooks/use-indicators";
import { IndicatorDefinition } from "./IndicatorDefinition";
import { formatCount, formatIndicatorValue, VERDICT_COLORS } from "./indicator-format";

interface IndicatorCardProps {
  indicator: Indicator;
  item: IndicatorValueItem | undefined;
  /** Opens the list behind the number; absent when the indicator has none. */
  onDrillDown?: () => void;
}

/** One indicator: its value, numerator / denominator, and the plan target with its status. */
export function IndicatorCard({ indicator, item, onDrillDown }: IndicatorCardProps) {
  const t = useT();
  const { label } = useIndicatorLookup();
  const value = formatIndicatorValue(item?.value, indicator.unit);
  const target = item?.target;
  return (
    <Card size="small" style={{ height: "100%" }} data-testid={`indicator-card-${indicator.id}`}>
      <Flex vertical gap={4}>
        <Flex justify="space-between" align="start" gap={8}>
          <Typography.Text type="secondary">{label(indicator.name)}</Typography.Text>
          <Tooltip title={<IndicatorDefinition indicator={indicator} />}>
            <InfoCircleOutlined aria-label={t("indicators.source")} style={{ color: "#999" }} />
          </Tooltip>
        </Flex>
        {onDrillDown && item?.value !== null && item !== undefined ? (
          <Typography.Link
            onClick={onDrillDown}
            style={{ fontSize: 26, fontWeight: 600, lineHeight: 1.3 }}
            title={t("indicators.drillDownHint")}
            data-testid="indicator-card-value"
          >
            {value}
          </Typography.Link>
        ) : (
          <Typography.Text
            style={{ fontSize: 26, fontWeight: 600, lineHeight: 1.3 }}
            data-testid="indicator-card-value"
          >
            {value}
          </Typography.Text>
        )}
        {indicator.unit === "percent" && item && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatCount(item.numerator)} / {formatCount(item.denominator)}
          </Typography.Text>
        )}
        {target && (
          <Tooltip title={t("indicators.targetPlan", { plan: target.planTitle })}>
            <Flex gap={6} align="center" wrap>
              <Typography.Text style={{ fontSize: 12 }}>
                {t("indicators.target", { value: formatIndicatorValue(target.targetValue, indicator.unit) })}
              </Typography.Text>
              <Tag color={VERDICT_COLORS[target.verdict]} data-testid="indicator-verdict">
                {t(`indicators.verdict.${target.verdict}`)}
              </Tag>
            </Flex>
          </Tooltip>
        )}
      </Flex>
    </Card>
  );
}
