import { Alert, App, Button, Flex, InputNumber, Table, type TableColumnsType, Typography } from "antd";
import { useState } from "react";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import type { EvaluationResults, EvaluationTaskResult } from "../shared/plan-types";
import { useSaveEvaluationScores } from "./use-evaluations";

type Drafts = Record<string, number | null>;

const keyOf = (taskId: number, itemId: number) => `${taskId}:${itemId}`;

/**
 * 评估打分 (plan:evaluate, while the round is open): a score per task and item of the scoring sheet,
 * up to the item's maximum; the changed ones are saved together, all or none.
 */
export function EvaluationScoringTable({ results }: { results: EvaluationResults }) {
  const t = useT();
  const { message } = App.useApp();
  const save = useSaveEvaluationScores(results.round.id);
  const [drafts, setDrafts] = useState<Drafts>({});
  const { items } = results.round;

  const scoreOf = (task: EvaluationTaskResult, itemId: number): number | null => {
    const key = keyOf(task.taskId, itemId);
    if (key in drafts) return drafts[key] ?? null;
    return task.scores.find((score) => score.itemId === itemId)?.score ?? null;
  };
  const changed = Object.entries(drafts).flatMap(([key, score]) => {
    if (score === null) return [];
    const [taskId, itemId] = key.split(":").map(Number);
    return taskId === undefined || itemId === undefined ? [] : [{ taskId, itemId, score }];
  });

  const columns: TableColumnsType<EvaluationTaskResult> = [
    { title: t("evaluation.organization"), dataIndex: "organizationName", width: 140, fixed: "left" },
    {
      title: t("plans.task"),
      key: "task",
      width: 260,
      fixed: "left",
      render: (_, task) => `${task.number}. ${task.title}`,
    },
    ...items.map((item) => ({
      title: `${item.name}（${item.weight}%，${t("evaluation.maxScoreShort", { max: item.maxScore })}）`,
      key: `item-${item.id}`,
      width: 150,
      render: (_: unknown, task: EvaluationTaskResult) => (
        <InputNumber
          min={0}
          max={item.maxScore}
          precision={2}
          value={scoreOf(task, item.id)}
          onChange={(value) => setDrafts((current) => ({ ...current, [keyOf(task.taskId, item.id)]: value }))}
          style={{ width: "100%" }}
          data-testid="evaluation-score-input"
        />
      ),
    })),
  ];

  return (
    <Flex vertical gap={8} data-testid="evaluation-scoring">
      {save.isError && <Alert type="error" showIcon title={errorMessageOf(save.error, t("common.error"))} />}
      <Flex justify="space-between" align="center">
        <Typography.Text type="secondary">{t("evaluation.scoringHint")}</Typography.Text>
        <Button
          type="primary"
          disabled={changed.length === 0}
          loading={save.isPending}
          onClick={() =>
            save.mutate(
              { scores: changed },
              {
                onSuccess: (result) => {
                  message.success(t("evaluation.saved", { count: result.saved }));
                  setDrafts({});
                },
              },
            )
          }
          data-testid="evaluation-save-scores"
        >
          {t("evaluation.saveScores", { count: changed.length })}
        </Button>
      </Flex>
      <Table<EvaluationTaskResult>
        size="small"
        rowKey="taskId"
        columns={columns}
        dataSource={results.tasks}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 400 + items.length * 150 }}
      />
    </Flex>
  );
}
