import type { BarSeriesOption, CustomSeriesOption, LineSeriesOption, PieSeriesOption } from "echarts/charts";
import { BarChart, CustomChart, LineChart, PieChart } from "echarts/charts";
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from "echarts/components";
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import type { ComposeOption } from "echarts/core";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import ReactEChartsCore from "echarts-for-react/esm/core";
import { useMemo } from "react";
import { CHART_COLORS } from "../theme";

echarts.use([
  BarChart,
  CustomChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

/**
 * The chart options the app uses: bars, lines and pies with grid, legend and tooltip; custom series
 * with a mark line for the plans' wall chart (a Gantt chart with a line at today).
 */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | CustomSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
>;

interface ChartProps {
  option: ChartOption;
  height?: number;
  /** Called with the index of the clicked bar or slice. */
  onItemClick?: (dataIndex: number) => void;
  /** ECharts' built-in dark theme (the data screen), on a transparent background. */
  dark?: boolean;
}

/** ECharts with only the parts we register (tree-shaken) and the theme's colors; resizes with its box. */
export function Chart({ option, height = 320, onItemClick, dark = false }: ChartProps) {
  const onEvents = useMemo(
    () =>
      onItemClick ? { click: (params: { dataIndex: number }) => onItemClick(params.dataIndex) } : undefined,
    [onItemClick],
  );
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={{ color: CHART_COLORS, ...(dark ? { backgroundColor: "transparent" } : {}), ...option }}
      theme={dark ? "dark" : undefined}
      notMerge
      lazyUpdate
      onEvents={onEvents}
      style={{ height, width: "100%" }}
    />
  );
}
