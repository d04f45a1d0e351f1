import { EditOutlined } from "@ant-design/icons";
import {
  Button,
  Card,
  Col,
  Flex,
  Progress,
  Row,
  Statistic,
  Table,
  type TableColumnsType,
  Typography,
} from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { Completeness } from "../../../api/types";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { organizationPath } from "../../../routes/organization-routes";
import { useCan } from "../../auth/hooks/use-me";
import { useCompleteness } from "../hooks/use-organizations";
import { ReportedCountModal } from "./ReportedCountModal";

type ChildRow = Completeness["children"][number];

function Rate({ value }: { value: number | null }) {
  if (value === null) return <>—</>;
  return <Progress percent={Math.round(value * 10) / 10} size="small" style={{ minWidth: 120, margin: 0 }} />;
}

/**
 * 信息完整率 (members whose required fields are all present / members recorded) and 录入率 (members
 * recorded / 应录入数) of the subtree, then of each child; writers set the organization's 应录入数.
 */
export function CompletenessSection({ organizationId }: { organizationId: number }) {
  const t = useT();
  const navigate = useNavigate();
  const canWrite = useCan("organization:write");
  const canRead = useCan("stats:read");
  const completeness = useCompleteness(organizationId);
  const [editing, setEditing] = useState(false);

  if (!canRead) return null;
  if (completeness.isError)
    return <ErrorResult error={completeness.error} onRetry={() => void completeness.refetch()} />;
  const data = completeness.data;

  const columns: TableColumnsType<ChildRow> = [
    { key: "name", title: t("org.name"), dataIndex: "name" },
    { key: "recorded", title: t("completeness.recorded"), dataIndex: "recorded", align: "right", width: 100 },
    { key: "complete", title: t("completeness.complete"), dataIndex: "complete", align: "right", width: 100 },
    {
      key: "completenessRate",
      title: t("completeness.completenessRate"),
      width: 180,
      render: (_, row) => <Rate value={row.completenessRate} />,
    },
    {
      key: "reported",
      title: t("completeness.reported"),
      align: "right",
      width: 100,
      render: (_, row) => row.reported ?? "—",
    },
    {
      key: "entryRate",
      title: t("completeness.entryRate"),
      width: 180,
      render: (_, row) => <Rate value={row.entryRate} />,
    },
  ];
  const percent = (value: number | null | undefined) =>
    value === null || value === undefined ? "—" : `${value.toFixed(1)}%`;

  return (
    <Flex vertical gap={12} data-testid="completeness">
      <Flex align="center" gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t("completeness.title")}
        </Typography.Title>
        <div style={{ flex: 1 }} />
        {canWrite && (
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => setEditing(true)}
            data-testid="reported-count-edit"
          >
            {t("completeness.editReported")}
          </Button>
        )}
      </Flex>
      <Row gutter={[12, 12]}>
        <Col xs={12} lg={6}>
          <Card size="small" loading={completeness.isPending}>
            <Statistic
              title={t("completeness.completenessRate")}
              value={percent(data?.completenessRate)}
              data-testid="completeness-rate"
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" loading={completeness.isPending}>
            <Statistic
              title={t("completeness.entryRate")}
              value={percent(data?.entryRate)}
              data-testid="entry-rate"
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" loading={completeness.isPending}>
            <Statistic
              title={t("completeness.recordedComplete")}
              value={data ? `${data.complete} / ${data.recorded}` : "—"}
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" loading={completeness.isPending}>
            <Statistic title={t("completeness.reported")} value={data?.reported ?? "—"} />
          </Card>
        </Col>
      </Row>
      {data && data.children.length > 0 && (
        <Table<ChildRow>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data.children}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          onRow={(row) => ({
            onClick: () => navigate(organizationPath(row.id)),
            style: { cursor: "pointer" },
          })}
          data-testid="completeness-children"
        />
      )}
      {canWrite && (
        <ReportedCountModal
          organizationId={organizationId}
          open={editing}
          onClose={() => setEditing(false)}
        />
      )}
    </Flex>
  );
}
