import type { ChartOption } from "../../../components/Chart";
import type { IndicatorTrend, IndicatorUnit } from "../api/indicator-types";

export interface TrendLine {
  name: string;
  unit: IndicatorUnit;
  values: readonly (number | null)[];
}

/** The trend's lines, named and with their units, in the order of the series. */
export function trendLines(
  trend: IndicatorTrend,
  nameOf: (id: string) => string,
  unitOf: (id: string) => IndicatorUnit,
): TrendLine[] {
  return trend.series.map((series) => ({
    name: nameOf(series.indicatorId),
    unit: unitOf(series.indicatorId),
    values: series.values,
  }));
}

interface TrendStyle {
  /** Larger type and thicker lines for the data screen. */
  large?: boolean;
}

/**
 * A line per indicator over the months; counts on the left axis, percents on the right one when
 * both are drawn (so 12,000 members and 98% stay readable together).
 */
export function trendOption(
  months: readonly string[],
  lines: readonly TrendLine[],
  { large = false }: TrendStyle = {},
): ChartOption {
  const hasCount = lines.some((line) => line.unit === "count");
  const hasPercent = lines.some((line) => line.unit === "percent");
  const percentAxis = hasCount && hasPercent ? 1 : 0;
  const fontSize = large ? 16 : 12;
  const axisOf = (unit: IndicatorUnit) => ({
    type: "value" as const,
    scale: true,
    axisLabel: { fontSize, formatter: unit === "percent" ? "{value}%" : "{value}" },
    splitLine: { show: unit === "count" || !hasCount },
  });
  const yAxis =
    hasCount && hasPercent
      ? [axisOf("count"), axisOf("percent")]
      : [axisOf(hasPercent ? "percent" : "count")];
  return {
    tooltip: { trigger: "axis" },
    legend: { bottom: 0, textStyle: { fontSize } },
    grid: { left: 8, right: 16, top: 16, bottom: large ? 48 : 36, containLabel: true },
    xAxis: { type: "category", data: [...months], boundaryGap: false, axisLabel: { fontSize } },
    yAxis,
    series: lines.map((line) => ({
      type: "line",
      name: line.name,
      data: [...line.values],
      yAxisIndex: line.unit === "percent" ? percentAxis : 0,
      connectNulls: false,
      symbolSize: large ? 8 : 5,
      lineStyle: { width: large ? 3 : 2 },
    })),
  };
}
