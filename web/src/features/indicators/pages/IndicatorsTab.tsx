import { DesktopOutlined, FormOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { isApiError } from "../../../api/errors";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { AsOfPicker } from "../components/AsOfPicker";
import { ChildrenIndicatorTable } from "../components/ChildrenIndicatorTable";
import { DrillDownDrawer, type DrillDownTarget } from "../components/DrillDownDrawer";
import { IndicatorCards } from "../components/IndicatorCards";
import { defaultIndicatorIds } from "../components/indicator-format";
import { TrendCard } from "../components/TrendCard";
import { useIndicatorParams } from "../hooks/use-indicator-params";
import { useIndicatorLookup, useOrganizationIndicators } from "../hooks/use-indicators";
import { enteredDataPath, screenPath } from "../indicator-routes";

/**
 * 指标: the organization's indicators as of today or a past month-end — cards with targets, the
 * children side by side, drill-down to the list behind a number, trends — with links to the data
 * screen (大屏) and the entered data (填报数据).
 */
export function IndicatorsTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const [params, setParams] = useIndicatorParams();
  const { catalog, items } = useIndicatorLookup();
  const values = useOrganizationIndicators(organization.id, params.asOf);
  const [drillDown, setDrillDown] = useState<DrillDownTarget>();

  if (catalog.isPending) return <PageSpinner />;
  if (catalog.isError) return <ErrorResult error={catalog.error} onRetry={() => void catalog.refetch()} />;

  const defaults = defaultIndicatorIds(items.map((indicator) => indicator.id));
  // The lists behind the numbers are kept for today only (the server refuses a past date).
  const today = params.asOf === undefined;
  // A 400 for the date (before the data begins, in the future) shows beside the picker.
  const dateError = isApiError(values.error, 400) ? values.error : undefined;

  return (
    <Flex vertical gap={16} data-testid="indicators">
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Flex align="center" gap={12} wrap>
          <AsOfPicker value={params.asOf} onChange={(asOf) => setParams({ asOf })} error={dateError} />
          <Typography.Text type="secondary">
            {today ? t("indicators.drillDownHint") : t("indicators.drillDownTodayOnly")}
          </Typography.Text>
        </Flex>
        <Flex gap={8}>
          <Link to={enteredDataPath(organization.id)}>
            <Button icon={<FormOutlined />} data-testid="indicators-entered-data">
              {t("indicators.enteredData")}
            </Button>
          </Link>
          <Link to={screenPath(organization.id)} target="_blank" data-testid="indicators-screen-link">
            <Button type="primary" icon={<DesktopOutlined />}>
              {t("indicators.screen")}
            </Button>
          </Link>
        </Flex>
      </Flex>

      {values.isPending ? (
        <PageSpinner />
      ) : values.isError && !dateError ? (
        <ErrorResult error={values.error} onRetry={() => void values.refetch()} />
      ) : values.data ? (
        <IndicatorCards
          values={values.data}
          onDrillDown={(indicatorId) =>
            setDrillDown({
              organizationId: organization.id,
              organizationName: organization.name,
              indicatorId,
            })
          }
        />
      ) : null}

      <Card size="small" title={t("indicators.children")}>
        {dateError ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <ChildrenIndicatorTable
            organizationId={organization.id}
            asOf={params.asOf}
            indicatorIds={params.columns ?? defaults}
            onIndicatorIdsChange={(columns) => setParams({ columns })}
            onDrillDown={
              today
                ? (organizationId, organizationName, indicatorId) =>
                    setDrillDown({ organizationId, organizationName, indicatorId })
                : undefined
            }
          />
        )}
      </Card>

      <TrendCard
        organizationId={organization.id}
        indicatorIds={params.trend ?? defaults.slice(0, 2)}
        onIndicatorIdsChange={(trend) => setParams({ trend })}
      />

      <DrillDownDrawer target={drillDown} onClose={() => setDrillDown(undefined)} />
    </Flex>
  );
}
