import { PlusOutlined } from "@ant-design/icons";
import { Button, Empty, Flex, Table, type TableColumnsType, Tag, Typography } from "antd";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { useCan } from "../../auth/hooks/use-me";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { PlansSubNav } from "../shared/PlansSubNav";
import { evaluationPath } from "../shared/plan-routes";
import type { EvaluationRoundSummary } from "../shared/plan-types";
import { CreateRoundModal } from "./CreateRoundModal";
import { useEvaluationRounds } from "./use-evaluations";

/** /orgs/:orgId/plans/evaluations: evaluation rounds (第三方评估) covering the organization; create one. */
export function EvaluationRoundsPage() {
  const organization = useCurrentOrganization();
  const t = useT();
  const navigate = useNavigate();
  const canWrite = useCan("plan:write");
  const rounds = useEvaluationRounds(organization.id);
  const [creating, setCreating] = useState(false);

  const columns: TableColumnsType<EvaluationRoundSummary> = [
    {
      title: t("evaluation.name"),
      dataIndex: "name",
      render: (name: string, round) => (
        <Link to={evaluationPath(organization.id, round.id)} data-testid="evaluation-link">
          {name}
        </Link>
      ),
    },
    { title: t("evaluation.organization"), dataIndex: "organizationName" },
    {
      title: t("evaluation.dates"),
      key: "dates",
      width: 220,
      render: (_, round) => `${round.startsOn} — ${round.endsOn}`,
    },
    {
      title: t("plans.status"),
      dataIndex: "open",
      width: 100,
      render: (open: boolean) =>
        open ? <Tag color="processing">{t("evaluation.open")}</Tag> : <Tag>{t("evaluation.closed")}</Tag>,
    },
    { title: t("evaluation.itemCount"), dataIndex: "itemCount", width: 90, align: "right" },
  ];

  return (
    <Flex vertical gap={12} data-testid="evaluation-rounds">
      <Flex justify="space-between" align="center">
        <Flex gap={12} align="center">
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t("plans.title")}
          </Typography.Title>
          <PlansSubNav organizationId={organization.id} current="evaluations" />
        </Flex>
        {canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="evaluation-create"
          >
            {t("evaluation.create")}
          </Button>
        )}
      </Flex>
      {rounds.isError ? (
        <ErrorResult error={rounds.error} onRetry={() => void rounds.refetch()} />
      ) : (
        <Table<EvaluationRoundSummary>
          size="small"
          rowKey="id"
          loading={rounds.isPending}
          columns={columns}
          dataSource={rounds.data}
          pagination={false}
          locale={{ emptyText: <Empty description={t("evaluation.none")} /> }}
        />
      )}
      {creating && (
        <CreateRoundModal
          organizationId={organization.id}
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={(round) => navigate(evaluationPath(organization.id, round.id))}
        />
      )}
    </Flex>
  );
}
