import type { ChartOption } from "../../components/Chart";

/** One bar: an option's label and how many answers chose it. */
export interface CountBar {
  label: string;
  count: number;
}

/**
 * A horizontal bar chart of counts per option (a choice question or a scale's points). Labels are data:
 * they go into ECharts as category names, which its default tooltip escapes; no HTML formatter is used.
 */
export function countBarOption(bars: readonly CountBar[]): ChartOption {
  const reversed = [...bars].reverse();
  return {
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: {
      type: "category",
      data: reversed.map((bar) => bar.label),
      axisLabel: { width: 160, overflow: "truncate" },
    },
    series: [
      {
        type: "bar",
        data: reversed.map((bar) => bar.count),
        label: { show: true, position: "right" },
        barMaxWidth: 24,
      },
    ],
  } as ChartOption;
}

/** A cross-tab: one series per group of the "by" question, the options of the other question on the axis. */
export interface CrossTab {
  categories: readonly string[];
  groups: readonly { label: string; counts: readonly number[] }[];
}

/** Grouped bars of a cross-tab (交叉分析); legend and tooltip use ECharts' defaults (escaped text). */
export function crossTabOption(crossTab: CrossTab): ChartOption {
  return {
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { type: "scroll", top: 0 },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: {
      type: "category",
      data: [...crossTab.categories],
      axisLabel: { width: 100, overflow: "truncate" },
    },
    yAxis: { type: "value", minInterval: 1 },
    series: crossTab.groups.map((group) => ({
      type: "bar",
      name: group.label,
      data: [...group.counts],
      barMaxWidth: 24,
    })),
  } as ChartOption;
}

/** Chart height for `count` bars: 28 px a bar, at least 120. */
export function barChartHeight(count: number): number {
  return Math.max(120, count * 28 + 24);
}
