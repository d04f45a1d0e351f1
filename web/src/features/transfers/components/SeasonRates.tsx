import { findIndicator } from "@tuanwu/domain";
import { Card, Col, Row, Statistic, Typography } from "antd";
import { useLocale, useT } from "../../../i18n/use-t";
import { useTransferRates } from "../hooks/use-transfers";

/**
 * The season dashboard's figures (毕业季): 学社衔接率, 升学衔接率, 转接率, on-time share and the median
 * days to complete, for the organization's subtree, from the indicator catalog (GET
 * /organizations/{id}/indicators?ids=…). Rates the catalog does not hold are not shown.
 */
export function SeasonRates({ organizationId }: { organizationId: number }) {
  const t = useT();
  const { locale } = useLocale();
  const rates = useTransferRates(organizationId, true);
  const items = rates.data?.items ?? [];
  const nameOf = (indicatorId: string) => {
    const definition = findIndicator(indicatorId);
    return definition ? (locale === "en" ? definition.name.en : definition.name.zh) : indicatorId;
  };
  return (
    <Card size="small" title={t("transfers.rates")} loading={rates.isPending} data-testid="season-rates">
      {items.length === 0 ? (
        <Typography.Text type="secondary">
          {rates.isError ? t("common.error") : t("transfers.ratesEmpty")}
        </Typography.Text>
      ) : (
        <Row gutter={[16, 16]}>
          {items.map((item) => (
            <Col key={item.indicatorId} xs={12} md={8} lg={4} data-testid={`rate-${item.indicatorId}`}>
              <Statistic
                title={nameOf(item.indicatorId)}
                value={item.value ?? t("transfers.noValue")}
                suffix={item.value !== null && item.unit === "percent" ? "%" : undefined}
              />
              {item.unit === "percent" && item.denominator !== null && (
                <Typography.Text type="secondary" data-testid={`rate-fraction-${item.indicatorId}`}>
                  {t("transfers.fraction", { numerator: item.numerator ?? 0, denominator: item.denominator })}
                </Typography.Text>
              )}
            </Col>
          ))}
        </Row>
      )}
    </Card>
  );
}
