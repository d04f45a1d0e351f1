import { escapeHtml } from "@tuanwu/domain";
import dayjs from "dayjs";
import type { CustomSeriesRenderItem } from "echarts";
import { graphic } from "echarts/core";
import type { ChartOption } from "../../../components/Chart";
import { STATUS_COLORS } from "../shared/plan-status";
import type { PlanPhase, PlanTask } from "../shared/plan-types";

const DAY_MS = 86_400_000;

/** How rows are ordered: by deadline (then number), or by lead unit (then deadline). */
export type WallChartOrder = "deadline" | "unit";

/** One bar of the wall chart: a phase (grey, on top) or a task (coloured by status). */
export interface WallChartRow {
  label: string;
  start: number;
  end: number;
  color: string;
  /** The task behind the bar; undefined for a phase. */
  task: PlanTask | undefined;
}

function toTime(date: string | null | undefined): number | undefined {
  return date ? dayjs(date, "YYYY-MM-DD").valueOf() : undefined;
}

function compareNullableDates(left: string | null, right: string | null): number {
  if (left === right) return 0;
  if (left === null) return 1;
  if (right === null) return -1;
  return left < right ? -1 : 1;
}

/** The colour of a task's bar: due soon is red like overdue (lighter), else the status's colour. */
export function barColorOf(task: Pick<PlanTask, "status" | "dueSoon">): string {
  if (task.dueSoon && task.status !== "overdue") return STATUS_COLORS.dueSoon;
  return STATUS_COLORS[task.status];
}

/**
 * The rows of the wall chart (挂图作战): the plan's phases, then one bar per task from the day work
 * started (else its phase's start, else the plan's first phase start) to the day it was done (else its
 * deadline, else the plan's last phase end); an overdue task's bar runs on to today, in red. A bar is
 * at least one day long.
 */
export function wallChartRows(
  phases: readonly PlanPhase[],
  tasks: readonly PlanTask[],
  order: WallChartOrder,
  phaseLabel: (name: string) => string,
  taskLabel: (task: PlanTask) => string,
  today: string,
): WallChartRow[] {
  const phaseStarts = phases.map((phase) => toTime(phase.startsOn)).filter((time) => time !== undefined);
  const phaseEnds = phases.map((phase) => toTime(phase.endsOn)).filter((time) => time !== undefined);
  const planStart = phaseStarts.length > 0 ? Math.min(...phaseStarts) : (toTime(today) ?? Date.now());
  const planEnd = phaseEnds.length > 0 ? Math.max(...phaseEnds) : planStart + 90 * DAY_MS;
  const phaseStartOf = new Map(phases.map((phase) => [phase.name, toTime(phase.startsOn)]));

  const rows: WallChartRow[] = [];
  for (const phase of phases) {
    const start = toTime(phase.startsOn);
    const end = toTime(phase.endsOn);
    if (start === undefined || end === undefined) continue;
    rows.push({
      label: phaseLabel(phase.name),
      start,
      end: end + DAY_MS,
      color: STATUS_COLORS.phase,
      task: undefined,
    });
  }

  const sorted = [...tasks].sort((left, right) =>
    order === "unit"
      ? (left.leadUnit ?? "\uffff").localeCompare(right.leadUnit ?? "\uffff", "zh-CN") ||
        compareNullableDates(left.deadline, right.deadline) ||
        left.number - right.number
      : compareNullableDates(left.deadline, right.deadline) || left.number - right.number,
  );
  for (const task of sorted) {
    const start =
      toTime(task.startedOn) ?? (task.phase ? phaseStartOf.get(task.phase) : undefined) ?? planStart;
    const planned = toTime(task.doneOn ?? task.closedOutOn ?? task.deadline) ?? planEnd;
    // An overdue task is still running: its (red) bar reaches today, not the deadline it missed.
    const end = task.status === "overdue" ? Math.max(planned, toTime(today) ?? planned) : planned;
    rows.push({
      label: taskLabel(task),
      start: Math.min(start, end),
      end: Math.max(end, start) + DAY_MS,
      color: barColorOf(task),
      task,
    });
  }
  return rows;
}

const renderBar: CustomSeriesRenderItem = (params, api) => {
  const row = Number(api.value(0));
  const start = api.coord([api.value(1), row]);
  const end = api.coord([api.value(2), row]);
  const size = api.size?.([0, 1]);
  const rowHeight = Array.isArray(size) ? (size[1] ?? 20) : 20;
  const [startX = 0, centerY = 0] = start;
  const [endX = 0] = end;
  const height = rowHeight * 0.6;
  const coordSys = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
  const shape = graphic.clipRectByRect(
    { x: startX, y: centerY - height / 2, width: Math.max(endX - startX, 2), height },
    { x: coordSys.x, y: coordSys.y, width: coordSys.width, height: coordSys.height },
  );
  return shape ? { type: "rect", transition: ["shape"], shape, style: api.style() } : null;
};

/** Labels the option needs, in the current language. */
export interface WallChartText {
  today: string;
  /** The tooltip's lines of a bar, as plain text (escaped here; a task's first line is shown bold). */
  describe: (row: WallChartRow) => readonly string[];
}

/**
 * The HTML ECharts shows as a bar's tooltip: each plain-text line escaped ({@link escapeHtml}), so a
 * title, unit or owner name holding markup shows as text and never runs; a task's first line bold.
 */
export function wallChartTooltipHtml(row: WallChartRow, lines: readonly string[]): string {
  return lines
    .map((line, index) => (index === 0 && row.task ? `<b>${escapeHtml(line)}</b>` : escapeHtml(line)))
    .join("<br/>");
}

/**
 * The ECharts option of the wall chart: a time axis from the first bar to the last (stretched to
 * today, so the line at today always shows), one row per bar (first on top).
 */
export function wallChartOption(
  rows: readonly WallChartRow[],
  today: string,
  text: WallChartText,
): ChartOption {
  const todayTime = toTime(today) ?? Date.now();
  const first = Math.min(todayTime, ...rows.map((row) => row.start));
  const last = Math.max(todayTime, ...rows.map((row) => row.end));
  const margin = Math.max(7 * DAY_MS, (last - first) * 0.02);
  return {
    tooltip: {
      trigger: "item",
      formatter: (params) => {
        const item = Array.isArray(params) ? params[0] : params;
        const row = item === undefined ? undefined : rows[item.dataIndex];
        return row ? wallChartTooltipHtml(row, text.describe(row)) : "";
      },
    },
    grid: { left: 8, right: 24, top: 28, bottom: 24, containLabel: true },
    xAxis: {
      type: "time",
      position: "top",
      min: first - margin,
      max: last + margin,
      splitLine: { show: true, lineStyle: { type: "dashed", opacity: 0.5 } },
      axisLabel: { formatter: "{yyyy}-{MM}" },
    },
    yAxis: {
      type: "category",
      inverse: true,
      data: rows.map((row) => row.label),
      axisTick: { show: false },
      axisLabel: { width: 260, overflow: "truncate" },
    },
    series: [
      {
        type: "custom",
        renderItem: renderBar,
        encode: { x: [1, 2], y: 0 },
        data: rows.map((row, index) => ({
          value: [index, row.start, row.end],
          itemStyle: { color: row.color, opacity: row.task ? 1 : 0.35 },
        })),
        markLine: {
          silent: true,
          symbol: "none",
          data: [{ xAxis: todayTime }],
          lineStyle: { color: STATUS_COLORS.overdue, type: "dashed", width: 2 },
          // Inside the grid, below the month labels of the top axis (at "start"/"end" it sat on them).
          label: {
            formatter: text.today,
            position: "insideEndTop",
            color: STATUS_COLORS.overdue,
            backgroundColor: "#fff",
            padding: [2, 4],
          },
        },
      },
    ],
  };
}
