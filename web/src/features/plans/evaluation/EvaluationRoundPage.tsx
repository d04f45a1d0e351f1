import { ArrowLeftOutlined, FileExcelOutlined } from "@ant-design/icons";
import { App, Button, Descriptions, Flex, Table, type TableColumnsType, Tabs, Tag, Typography } from "antd";
import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import { isApiError } from "../../../api/errors";
import { ErrorResult } from "../../../components/ErrorResult";
import { errorMessageOf } from "../../../components/form-errors";
import { NotFoundPage } from "../../../components/NotFoundPage";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { useCan } from "../../auth/hooks/use-me";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { evaluationsPath, parsePlanId } from "../shared/plan-routes";
import type {
  EvaluationOrganizationResult,
  EvaluationResults,
  EvaluationTaskResult,
} from "../shared/plan-types";
import { EvaluationScoringTable } from "./EvaluationScoringTable";
import { downloadEvaluationResults } from "./evaluation-queries";
import { useEvaluationResults } from "./use-evaluations";

/** /orgs/:orgId/plans/evaluations/:roundId: a round's sheet, scoring, results per task and per county. */
export function EvaluationRoundPage() {
  const roundId = parsePlanId(useParams().roundId);
  if (roundId === undefined) return <NotFoundPage />;
  return <EvaluationRoundView roundId={roundId} />;
}

function EvaluationRoundView({ roundId }: { roundId: number }) {
  const organization = useCurrentOrganization();
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const canEvaluate = useCan("plan:evaluate");
  const results = useEvaluationResults(roundId);
  const [exporting, setExporting] = useState(false);

  if (results.isPending) return <PageSpinner />;
  if (results.isError) {
    return (
      <ErrorResult
        error={results.error}
        title={isApiError(results.error, 404) ? t("evaluation.notFound") : undefined}
        onRetry={() => void results.refetch()}
      />
    );
  }
  const { round } = results.data;
  const exportResults = async () => {
    setExporting(true);
    try {
      await downloadEvaluationResults(roundId);
    } catch (error) {
      message.error(errorMessageOf(error, t("common.error")));
    } finally {
      setExporting(false);
    }
  };
  const scoring = canEvaluate && round.open;

  return (
    <Flex vertical gap={12} data-testid="evaluation-round">
      <Flex gap={8} align="center" wrap>
        <Button
          type="text"
          icon={<ArrowLeftOutlined />}
          onClick={() => navigate(evaluationsPath(organization.id))}
          aria-label={t("plans.back")}
        />
        <Typography.Title level={5} style={{ margin: 0 }}>
          {round.name}
        </Typography.Title>
        {round.open ? (
          <Tag color="processing">{t("evaluation.open")}</Tag>
        ) : (
          <Tag>{t("evaluation.closed")}</Tag>
        )}
        <div style={{ flex: 1 }} />
        <Button
          icon={<FileExcelOutlined />}
          loading={exporting}
          onClick={() => void exportResults()}
          data-testid="evaluation-export"
        >
          {t("evaluation.export")}
        </Button>
      </Flex>
      <Descriptions size="small" column={3} bordered>
        <Descriptions.Item label={t("evaluation.organization")}>{round.organizationName}</Descriptions.Item>
        <Descriptions.Item label={t("evaluation.dates")}>
          {round.startsOn} — {round.endsOn}
        </Descriptions.Item>
        <Descriptions.Item label={t("evaluation.sheet")}>
          {round.items.map((item) => `${item.name} ${item.weight}%（${item.maxScore}）`).join("；")}
        </Descriptions.Item>
      </Descriptions>
      <Tabs
        defaultActiveKey={scoring ? "score" : "counties"}
        items={[
          ...(scoring
            ? [
                {
                  key: "score",
                  label: t("evaluation.tab.score"),
                  children: <EvaluationScoringTable results={results.data} />,
                },
              ]
            : []),
          {
            key: "counties",
            label: t("evaluation.tab.counties"),
            children: <CountyResults results={results.data} />,
          },
          {
            key: "tasks",
            label: t("evaluation.tab.tasks"),
            children: <TaskResults results={results.data} />,
          },
        ]}
      />
    </Flex>
  );
}

function CountyResults({ results }: { results: EvaluationResults }) {
  const t = useT();
  const columns: TableColumnsType<EvaluationOrganizationResult> = [
    {
      title: t("comparison.rank"),
      dataIndex: "rank",
      width: 70,
      render: (rank: number | null) => rank ?? "—",
    },
    { title: t("evaluation.organization"), dataIndex: "organizationName" },
    {
      title: t("evaluation.average"),
      dataIndex: "average",
      width: 120,
      render: (average: number | null) => (average === null ? "—" : average.toFixed(1)),
    },
    { title: t("evaluation.scoredTasks"), dataIndex: "scoredTasks", width: 110 },
    { title: t("evaluation.incompleteTasks"), dataIndex: "incompleteTasks", width: 110 },
    { title: t("plans.taskCount"), dataIndex: "taskCount", width: 90 },
  ];
  return (
    <Table<EvaluationOrganizationResult>
      size="small"
      rowKey="organizationId"
      columns={columns}
      dataSource={results.organizations}
      pagination={false}
      data-testid="evaluation-counties"
    />
  );
}

function TaskResults({ results }: { results: EvaluationResults }) {
  const t = useT();
  const columns: TableColumnsType<EvaluationTaskResult> = [
    { title: t("evaluation.organization"), dataIndex: "organizationName", width: 140 },
    { title: t("plans.task"), key: "task", render: (_, task) => `${task.number}. ${task.title}` },
    ...results.round.items.map((item) => ({
      title: item.name,
      key: `item-${item.id}`,
      width: 110,
      render: (_: unknown, task: EvaluationTaskResult) =>
        task.scores.find((score) => score.itemId === item.id)?.score ?? "—",
    })),
    {
      title: t("evaluation.total"),
      dataIndex: "total",
      width: 110,
      sorter: (left, right) => (left.total ?? -1) - (right.total ?? -1),
      render: (total: number | null, task) =>
        total === null ? (
          "—"
        ) : (
          <span>
            {total.toFixed(1)}
            {!task.complete && <Tag style={{ marginInlineStart: 4 }}>{t("evaluation.partial")}</Tag>}
          </span>
        ),
    },
  ];
  return (
    <Table<EvaluationTaskResult>
      size="small"
      rowKey="taskId"
      columns={columns}
      dataSource={results.tasks}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      data-testid="evaluation-tasks"
    />
  );
}
