import { Card, DatePicker, Empty, Flex, Spin, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { Chart } from "../../../components/Chart";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { useIndicatorLookup, useIndicatorTrend } from "../hooks/use-indicators";
import { IndicatorSelect } from "./IndicatorSelect";
import { trendLines, trendOption } from "./trend-option";

const MONTH_FORMAT = "YYYY-MM";
/** The server answers at most 36 months. */
const MAX_MONTHS = 36;

interface TrendCardProps {
  organizationId: number;
  indicatorIds: readonly string[];
  onIndicatorIdsChange: (ids: string[]) => void;
}

/** 趋势: the chosen indicators at each month-end, the last 12 months unless another range is picked. */
export function TrendCard({ organizationId, indicatorIds, onIndicatorIdsChange }: TrendCardProps) {
  const t = useT();
  const { byId, nameOf } = useIndicatorLookup();
  const [range, setRange] = useState<[string, string]>(() => [
    dayjs().subtract(11, "month").format(MONTH_FORMAT),
    dayjs().format(MONTH_FORMAT),
  ]);
  const trend = useIndicatorTrend(organizationId, indicatorIds, range[0], range[1]);
  const lines = trend.data ? trendLines(trend.data, nameOf, (id) => byId.get(id)?.unit ?? "count") : [];

  return (
    <Card
      size="small"
      title={t("indicators.trend")}
      data-testid="indicator-trend"
      extra={
        <Flex gap={8} align="center" wrap>
          <Typography.Text type="secondary">{t("indicators.trendRange")}</Typography.Text>
          <DatePicker.RangePicker
            picker="month"
            allowClear={false}
            value={[dayjs(range[0], MONTH_FORMAT), dayjs(range[1], MONTH_FORMAT)]}
            disabledDate={(date, info) => {
              if (date.isAfter(dayjs(), "month")) return true;
              const from = info.from;
              return from !== undefined && Math.abs(date.diff(from, "month")) >= MAX_MONTHS;
            }}
            onChange={(dates) => {
              const [from, to] = dates ?? [];
              if (from && to) setRange([from.format(MONTH_FORMAT), to.format(MONTH_FORMAT)]);
            }}
          />
        </Flex>
      }
    >
      <Flex vertical gap={8}>
        <IndicatorSelect
          value={indicatorIds}
          onChange={onIndicatorIdsChange}
          placeholder={t("indicators.trendIndicators")}
          style={{ width: "100%" }}
          data-testid="trend-indicator-select"
        />
        {indicatorIds.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("indicators.trendEmpty")} />
        ) : trend.isError ? (
          <ErrorResult error={trend.error} onRetry={() => void trend.refetch()} />
        ) : (
          <Spin spinning={trend.isFetching}>
            <Chart option={trendOption(trend.data?.months ?? [], lines)} height={320} />
          </Spin>
        )}
      </Flex>
    </Card>
  );
}
