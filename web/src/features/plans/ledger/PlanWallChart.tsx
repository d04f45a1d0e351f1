import { Flex, Segmented, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useCallback, useMemo, useState } from "react";
import { Chart } from "../../../components/Chart";
import { useT } from "../../../i18n/use-t";
import { STATUS_COLORS, STATUS_ORDER } from "../shared/plan-status";
import type { PlanPhase, PlanTask } from "../shared/plan-types";
import { usePlanLabels } from "../shared/use-plan-labels";
import { type WallChartOrder, wallChartOption, wallChartRows } from "./wall-chart-option";

interface PlanWallChartProps {
  phases: readonly PlanPhase[];
  tasks: readonly PlanTask[];
  onOpen: (task: PlanTask) => void;
}

const ROW_HEIGHT = 26;

/**
 * 挂图作战: a Gantt chart of the plan — its phases on top, then one bar per task from its start (or its
 * phase's start) to its deadline, coloured by status (overdue and due soon in red), a dashed line at
 * today; ordered by deadline or by lead unit. Clicking a bar opens the task.
 */
export function PlanWallChart({ phases, tasks, onOpen }: PlanWallChartProps) {
  const t = useT();
  const labels = usePlanLabels();
  const [order, setOrder] = useState<WallChartOrder>("deadline");
  const today = dayjs().format("YYYY-MM-DD");

  const rows = useMemo(
    () =>
      wallChartRows(
        phases,
        tasks,
        order,
        (name) => t("ledger.phaseRow", { name }),
        (task) =>
          order === "unit"
            ? `${task.leadUnit ?? "—"} · ${task.number}. ${task.title}`
            : `${task.number}. ${task.title}`,
        today,
      ),
    [phases, tasks, order, t, today],
  );
  const option = useMemo(
    () =>
      wallChartOption(rows, today, {
        today: t("ledger.today"),
        describe: (row) => {
          const task = row.task;
          if (!task)
            return [
              row.label,
              `${dayjs(row.start).format("YYYY-MM-DD")} — ${dayjs(row.end - 1).format("YYYY-MM-DD")}`,
            ];
          return [
            `${task.number}. ${task.title}`,
            `${t("plans.units")}：${task.units.join("、") || "—"}`,
            `${t("plans.deadline")}：${task.deadline ?? task.deadlineText ?? "—"}`,
            `${t("plans.owner")}：${task.ownerName ?? t("plans.noOwner")}`,
            `${t("plans.status")}：${labels.status(task.status)}${task.dueSoon && task.status !== "overdue" ? `（${t("plans.dueSoon")}）` : ""}`,
          ];
        },
      }),
    [rows, today, t, labels],
  );
  const onItemClick = useCallback(
    (index: number) => {
      const task = rows[index]?.task;
      if (task) onOpen(task);
    },
    [rows, onOpen],
  );

  return (
    <Flex vertical gap={8} data-testid="plan-wall-chart">
      <Flex gap={12} align="center" wrap justify="space-between">
        <Segmented<WallChartOrder>
          value={order}
          onChange={setOrder}
          options={[
            { value: "deadline", label: t("ledger.chartOrder.deadline") },
            { value: "unit", label: t("ledger.chartOrder.unit") },
          ]}
          data-testid="plan-wall-chart-order"
        />
        <Flex gap={4} wrap>
          {STATUS_ORDER.map((status) => (
            <Tag key={status} color={status === "cancelled" ? undefined : STATUS_COLORS[status]}>
              {labels.status(status)}
            </Tag>
          ))}
          <Tag color={STATUS_COLORS.dueSoon}>{t("plans.dueSoon")}</Tag>
          <Tag color={STATUS_COLORS.phase}>{t("ledger.chartLegendPhase")}</Tag>
        </Flex>
      </Flex>
      <Typography.Text type="secondary">{t("ledger.chartHint")}</Typography.Text>
      <Chart
        option={option}
        height={Math.max(240, rows.length * ROW_HEIGHT + 60)}
        onItemClick={onItemClick}
      />
    </Flex>
  );
}
