import { Alert, Button, Flex, InputNumber, Modal, Radio, Table, Typography } from "antd";
import { useState } from "react";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import type { Plan, PlanProgressRule, PlanTask } from "../shared/plan-types";
import { usePlanLabels } from "../shared/use-plan-labels";
import { useSetProgressRule } from "./use-progress";

const RULES: readonly PlanProgressRule[] = ["average", "weighted"];

/** The sum of weights in percent, to two decimals (as the server keeps them). */
export function sumOfWeights(weights: Readonly<Record<number, number | null>>): number {
  const total = Object.values(weights).reduce<number>((sum, weight) => sum + (weight ?? 0), 0);
  return Math.round(total * 100) / 100;
}

/** Equal weights summing to exactly 100 (two decimals; the last task takes the rounding). */
export function equalWeights(taskIds: readonly number[]): Record<number, number> {
  if (taskIds.length === 0) return {};
  const share = Math.floor((100 / taskIds.length) * 100) / 100;
  const weights: Record<number, number> = {};
  taskIds.forEach((id, index) => {
    weights[id] =
      index === taskIds.length - 1 ? Math.round((100 - share * (taskIds.length - 1)) * 100) / 100 : share;
  });
  return weights;
}

interface ProgressRuleModalProps {
  plan: Plan;
  open: boolean;
  onClose: () => void;
}

/**
 * 进度计算规则: average of the tasks, or weights per task that must sum to 100% (cancelled tasks left
 * out), with the sum shown as it is typed. The server checks again: 422 naming "weights", nothing saved.
 */
export function ProgressRuleModal({ plan, open, onClose }: ProgressRuleModalProps) {
  const t = useT();
  const labels = usePlanLabels();
  const save = useSetProgressRule(plan.id);
  const counted = plan.tasks.filter((task) => !task.cancelled);
  const [rule, setRule] = useState<PlanProgressRule>(plan.progress.rule);
  const [weights, setWeights] = useState<Record<number, number | null>>(() =>
    Object.fromEntries(counted.map((task) => [task.id, task.weight])),
  );
  const sum = sumOfWeights(weights);
  const sumIsRight = Math.abs(sum - 100) < 0.005;

  const submit = () =>
    save.mutate(
      rule === "weighted"
        ? {
            rule,
            weights: counted
              .map((task) => ({ taskId: task.id, weight: weights[task.id] ?? 0 }))
              .filter((entry) => entry.weight > 0),
          }
        : { rule },
      { onSuccess: onClose },
    );

  return (
    <Modal
      title={t("progress.ruleTitle")}
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      okButtonProps={{ disabled: rule === "weighted" && !sumIsRight }}
      confirmLoading={save.isPending}
      width={720}
      destroyOnHidden
    >
      <Flex vertical gap={12} data-testid="progress-rule-editor">
        {save.isError && (
          <Alert
            type="error"
            showIcon
            title={errorMessageOf(save.error, t("common.error"))}
            data-testid="progress-rule-error"
          />
        )}
        <Radio.Group
          value={rule}
          onChange={(event) => setRule(event.target.value as PlanProgressRule)}
          options={RULES.map((value) => ({ value, label: labels.progressRule(value) }))}
        />
        <Typography.Text type="secondary">{t(`progress.ruleHint.${rule}`)}</Typography.Text>
        {rule === "weighted" && (
          <>
            <Flex justify="space-between" align="center">
              <Typography.Text
                strong
                type={sumIsRight ? "success" : "danger"}
                data-testid="progress-rule-sum"
              >
                {t("progress.weightSum", { sum })}
              </Typography.Text>
              <Button size="small" onClick={() => setWeights(equalWeights(counted.map((task) => task.id)))}>
                {t("progress.equalWeights")}
              </Button>
            </Flex>
            <Table<PlanTask>
              size="small"
              rowKey="id"
              pagination={false}
              scroll={{ y: 360 }}
              dataSource={counted}
              columns={[
                { title: t("plans.number"), dataIndex: "number", width: 64 },
                { title: t("plans.task"), dataIndex: "title", ellipsis: true },
                {
                  title: t("progress.weight"),
                  key: "weight",
                  width: 140,
                  render: (_, task) => (
                    <InputNumber
                      min={0}
                      max={100}
                      precision={2}
                      step={1}
                      suffix="%"
                      value={weights[task.id] ?? null}
                      onChange={(value) => setWeights((current) => ({ ...current, [task.id]: value }))}
                      data-testid="progress-rule-weight"
                    />
                  ),
                },
              ]}
            />
          </>
        )}
      </Flex>
    </Modal>
  );
}
