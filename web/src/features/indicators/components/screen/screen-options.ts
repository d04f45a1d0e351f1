import type { ChartOption } from "../../../../components/Chart";
import type { LabeledCount, PyramidRow } from "../../../stats/components/chart-options";
import { SCREEN_COLORS, SCREEN_FONT_SIZE, SCREEN_TEXT } from "./screen-theme";

const LABEL = { fontSize: SCREEN_FONT_SIZE, color: SCREEN_TEXT };
const GRID = { left: 12, right: 56, top: 12, bottom: 12, containLabel: true };
const SPLIT_LINE = { lineStyle: { color: "rgba(143, 179, 232, 0.15)" } };

/** Horizontal bars, largest on top, with values at the bar ends, in large type. */
export function screenBarOption(entries: readonly LabeledCount[], seriesName: string): ChartOption {
  const ascending = [...entries].sort((a, b) => a.count - b.count);
  return {
    color: SCREEN_COLORS,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: GRID,
    xAxis: { type: "value", minInterval: 1, splitNumber: 3, axisLabel: LABEL, splitLine: SPLIT_LINE },
    yAxis: {
      type: "category",
      data: ascending.map((entry) => entry.label),
      axisLabel: { ...LABEL, width: 150, overflow: "truncate", interval: 0 },
    },
    series: [
      {
        type: "bar",
        name: seriesName,
        data: ascending.map((entry) => entry.count),
        label: { show: true, position: "right", ...LABEL },
        barMaxWidth: 22,
        itemStyle: { borderRadius: [0, 4, 4, 0] },
      },
    ],
  };
}

/** A donut of shares with its labels outside, in large type. */
export function screenPieOption(entries: readonly LabeledCount[], seriesName: string): ChartOption {
  return {
    color: SCREEN_COLORS,
    tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
    legend: { orient: "vertical", right: 16, top: "middle", textStyle: LABEL, itemGap: 12 },
    series: [
      {
        type: "pie",
        name: seriesName,
        radius: ["40%", "68%"],
        center: ["38%", "52%"],
        data: entries.map((entry) => ({ name: entry.label, value: entry.count })),
        label: { ...LABEL, formatter: "{b} {d}%" },
        // Slices too thin to label would pile their labels on top of each other.
        minShowLabelAngle: 8,
        labelLine: { length: 10, length2: 10 },
      },
    ],
  };
}

function absolute(value: unknown): string {
  return typeof value === "number" ? String(Math.abs(value)) : String(value);
}

/** The age pyramid: male to the left, female to the right, in large type. */
export function screenPyramidOption(
  rows: readonly PyramidRow[],
  maleName: string,
  femaleName: string,
): ChartOption {
  const peak = Math.max(1, ...rows.flatMap((row) => [row.male, row.female]));
  const bound = Math.ceil(peak * 1.35);
  const barLabel = ({ value }: { value: unknown }) => (value === 0 ? "" : absolute(value));
  return {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: absolute },
    legend: { data: [maleName, femaleName], bottom: 0, textStyle: LABEL },
    grid: { ...GRID, right: 12, bottom: 36 },
    xAxis: {
      type: "value",
      min: -bound,
      max: bound,
      axisLabel: { ...LABEL, formatter: (value: number) => absolute(value) },
      splitLine: SPLIT_LINE,
    },
    yAxis: {
      type: "category",
      data: rows.map((row) => row.label),
      axisLabel: LABEL,
      axisTick: { show: false },
    },
    series: [
      {
        type: "bar",
        name: maleName,
        stack: "sex",
        color: "#4da3ff",
        data: rows.map((row) => -row.male),
        label: { show: true, position: "left", ...LABEL, formatter: barLabel },
      },
      {
        type: "bar",
        name: femaleName,
        stack: "sex",
        color: "#ff6b81",
        data: rows.map((row) => row.female),
        label: { show: true, position: "right", ...LABEL, formatter: barLabel },
      },
    ],
  };
}
