import { Flex, Spin } from "antd";
import dayjs from "dayjs";
import { Chart } from "../../../../components/Chart";
import { useT } from "../../../../i18n/use-t";
import { useIndicatorLookup } from "../../hooks/use-indicators";
import { useScreenTrend } from "../../hooks/use-screen";
import { trendLines, trendOption } from "../trend-option";
import { ScreenPanel } from "./ScreenPanel";
import { SCREEN_COLORS } from "./screen-theme";

const TREND_IDS = ["members_total"];
const MONTH_FORMAT = "YYYY-MM";

/** Members at each of the last 12 month-ends. */
export function ScreenTrendPanel({ organizationId, height }: { organizationId: number; height: number }) {
  const t = useT();
  const { byId, nameOf } = useIndicatorLookup();
  const trend = useScreenTrend(
    organizationId,
    TREND_IDS,
    dayjs().subtract(11, "month").format(MONTH_FORMAT),
    dayjs().format(MONTH_FORMAT),
  );
  const lines = trend.data ? trendLines(trend.data, nameOf, (id) => byId.get(id)?.unit ?? "count") : [];
  const option = {
    ...trendOption(trend.data?.months ?? [], lines, { large: true }),
    color: SCREEN_COLORS,
  };
  return (
    <ScreenPanel title={t("screen.trend")} testId="screen-trend">
      {trend.isPending ? (
        <Flex align="center" justify="center" style={{ height }}>
          <Spin size="large" />
        </Flex>
      ) : (
        <Chart dark option={option} height={height} />
      )}
    </ScreenPanel>
  );
}
