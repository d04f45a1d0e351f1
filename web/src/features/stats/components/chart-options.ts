import type { ChartOption } from "../../../components/Chart";
import { SEX_COLORS } from "../../../theme";

export interface LabeledCount {
  label: string;
  count: number;
}

/** Horizontal bars, largest on top. */
export function horizontalBarOption(entries: readonly LabeledCount[], seriesName: string): ChartOption {
  const ascending = [...entries].sort((a, b) => a.count - b.count);
  return {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1, splitNumber: 3, axisLabel: { hideOverlap: true } },
    yAxis: { type: "category", data: ascending.map((entry) => entry.label) },
    series: [
      {
        type: "bar",
        name: seriesName,
        data: ascending.map((entry) => entry.count),
        label: { show: true, position: "right" },
        barMaxWidth: 24,
      },
    ],
  };
}

/** A donut of shares; the legend below wraps, the tooltip gives count and percentage. */
export function pieOption(entries: readonly LabeledCount[], seriesName: string): ChartOption {
  return {
    tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
    legend: { bottom: 0, left: "center", itemWidth: 12, itemHeight: 12 },
    series: [
      {
        type: "pie",
        name: seriesName,
        radius: ["38%", "62%"],
        center: ["50%", "38%"],
        data: entries.map((entry) => ({ name: entry.label, value: entry.count })),
        label: { show: false },
        emphasis: { label: { show: true, formatter: "{b}\n{d}%", fontWeight: "bold" } },
      },
    ],
  };
}

export interface PyramidRow {
  label: string;
  male: number;
  female: number;
}

function absolute(value: unknown): string {
  return typeof value === "number" ? String(Math.abs(value)) : String(value);
}

/** Bar labels: the magnitude, nothing for an empty bar. */
function barLabel(value: unknown): string {
  return value === 0 ? "" : absolute(value);
}

/** The age pyramid: male bars to the left (negative values), female to the right, youngest at the bottom. */
export function agePyramidOption(
  rows: readonly PyramidRow[],
  maleName: string,
  femaleName: string,
): ChartOption {
  // Symmetric, with room for the value labels at both ends.
  const peak = Math.max(1, ...rows.flatMap((row) => [row.male, row.female]));
  const bound = Math.ceil(peak * 1.25);
  return {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: absolute },
    legend: { data: [maleName, femaleName], bottom: 0 },
    grid: { left: 8, right: 24, top: 8, bottom: 32, containLabel: true },
    xAxis: {
      type: "value",
      min: -bound,
      max: bound,
      minInterval: 1,
      axisLabel: { formatter: (value: number) => absolute(value) },
    },
    yAxis: { type: "category", data: rows.map((row) => row.label), axisTick: { show: false } },
    series: [
      {
        type: "bar",
        name: maleName,
        stack: "sex",
        color: SEX_COLORS.male,
        data: rows.map((row) => -row.male),
        label: { show: true, position: "left", formatter: ({ value }) => barLabel(value) },
      },
      {
        type: "bar",
        name: femaleName,
        stack: "sex",
        color: SEX_COLORS.female,
        data: rows.map((row) => row.female),
        label: { show: true, position: "right", formatter: ({ value }) => barLabel(value) },
      },
    ],
  };
}
