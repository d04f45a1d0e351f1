import { Button, Col, Flex, Row, Typography } from "antd";
import { useState } from "react";
import { useT } from "../../../i18n/use-t";
import type { IndicatorValueItem, OrganizationIndicators } from "../api/indicator-types";
import { useIndicatorLookup } from "../hooks/use-indicators";
import { IndicatorCard } from "./IndicatorCard";
import { INDICATOR_CATEGORIES } from "./indicator-format";

interface IndicatorCardsProps {
  values: OrganizationIndicators;
  /** Opens the list behind an indicator's number for the organization itself; absent for a past date. */
  onDrillDown?: (indicatorId: string) => void;
}

/** Cards shown per category before "show all". */
const FIRST_CARDS = 8;

/** The indicator cards of the organization's subtree, grouped by category (团员, 组织, 比率…). */
export function IndicatorCards({ values, onDrillDown }: IndicatorCardsProps) {
  const t = useT();
  const { items } = useIndicatorLookup();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (category: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(category)) next.add(category);
      return next;
    });
  const valueById = new Map<string, IndicatorValueItem>(values.items.map((item) => [item.indicatorId, item]));
  const groups = INDICATOR_CATEGORIES.map((category) => ({
    category,
    indicators: items.filter((indicator) => indicator.category === category && valueById.has(indicator.id)),
  })).filter((group) => group.indicators.length > 0);

  return (
    <Flex vertical gap={16} data-testid="indicator-cards">
      {groups.map((group) => {
        const open = expanded.has(group.category);
        const shown = open ? group.indicators : group.indicators.slice(0, FIRST_CARDS);
        return (
          <div key={group.category} data-testid={`indicator-group-${group.category}`}>
            <Flex align="baseline" gap={8}>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {t(`indicators.category.${group.category}`)}
              </Typography.Title>
              {group.indicators.length > FIRST_CARDS && (
                <Button type="link" size="small" onClick={() => toggle(group.category)}>
                  {open
                    ? t("indicators.showLess")
                    : t("indicators.showAll", { count: group.indicators.length })}
                </Button>
              )}
            </Flex>
            <Row gutter={[12, 12]}>
              {shown.map((indicator) => (
                <Col key={indicator.id} xs={24} sm={12} lg={8} xxl={6}>
                  <IndicatorCard
                    indicator={indicator}
                    item={valueById.get(indicator.id)}
                    onDrillDown={
                      onDrillDown && indicator.drillDown ? () => onDrillDown(indicator.id) : undefined
                    }
                  />
                </Col>
              ))}
            </Row>
          </div>
        );
      })}
    </Flex>
  );
}
