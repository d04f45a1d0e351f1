import { Table, Typography } from "antd";
import { useT } from "../../../i18n/use-t";
import type { PlanLevelTarget } from "../shared/plan-types";

/**
 * 总体目标 — a plan's plan-level targets (stated outside every task, e.g. "到2022年…团青比控制在30%以内")
 * in a small table: due date, value with its unit, and the sentence they came from. Renders nothing
 * when the plan has none.
 */
export function PlanLevelTargetsTable({ targets }: { targets: PlanLevelTarget[] }) {
  const t = useT();
  if (targets.length === 0) return null;
  return (
    <div data-testid="plan-level-targets">
      <Typography.Text strong>{t("ledger.planTargets")}</Typography.Text>
      <Table<PlanLevelTarget>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={targets}
        columns={[
          { key: "dueOn", title: t("ledger.planTargets.dueOn"), dataIndex: "dueOn", width: 120 },
          {
            key: "value",
            title: t("ledger.planTargets.value"),
            width: 100,
            render: (_, target) => (target.value === null ? "" : `${target.value}${target.unit ?? ""}`),
          },
          { key: "text", title: t("ledger.planTargets.text"), dataIndex: "text" },
        ]}
      />
    </div>
  );
}
