import { Card, Flex, InputNumber, Statistic, Tooltip, Typography } from "antd";
import { useT } from "../../../i18n/use-t";
import { STATUS_COLORS, STATUS_ORDER } from "../shared/plan-status";
import type { Plan } from "../shared/plan-types";
import { usePlanLabels } from "../shared/use-plan-labels";

interface PlanLedgerHeaderProps {
  plan: Plan;
  dueSoonDays: number;
  onDueSoonDaysChange: (days: number) => void;
}

/** The ledger's header: counts by status (overdue and due soon in red) and the due-soon window in days. */
export function PlanLedgerHeader({ plan, dueSoonDays, onDueSoonDaysChange }: PlanLedgerHeaderProps) {
  const t = useT();
  const labels = usePlanLabels();
  const red = { color: STATUS_COLORS.overdue };
  return (
    <Card size="small" data-testid="plan-ledger-header">
      <Flex gap={24} wrap align="center">
        <Statistic title={t("plans.taskCount")} value={plan.taskCount} data-testid="plan-task-count" />
        {STATUS_ORDER.filter((status) => status !== "cancelled" || (plan.statusCounts[status] ?? 0) > 0).map(
          (status) => (
            <Statistic
              key={status}
              title={labels.status(status)}
              value={plan.statusCounts[status] ?? 0}
              styles={
                status === "overdue" && (plan.statusCounts[status] ?? 0) > 0 ? { content: red } : undefined
              }
              data-testid={`plan-count-${status}`}
            />
          ),
        )}
        <Statistic
          title={t("ledger.dueSoonCount")}
          value={plan.dueSoonCount}
          styles={plan.dueSoonCount > 0 ? { content: red } : undefined}
          data-testid="plan-count-due-soon"
        />
        <div style={{ flex: 1 }} />
        <Tooltip title={t("ledger.dueSoonDaysHint")}>
          <Flex vertical gap={4}>
            <Typography.Text type="secondary">{t("ledger.dueSoonDays")}</Typography.Text>
            <InputNumber
              min={0}
              max={365}
              precision={0}
              value={dueSoonDays}
              onChange={(value) => value !== null && onDueSoonDaysChange(value)}
              data-testid="plan-due-soon-days"
            />
          </Flex>
        </Tooltip>
      </Flex>
    </Card>
  );
}
