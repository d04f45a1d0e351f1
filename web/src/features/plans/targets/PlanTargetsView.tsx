import { EditOutlined } from "@ant-design/icons";
import { INDICATORS } from "@tuanwu/domain";
import {
  Button,
  Flex,
  Form,
  InputNumber,
  Modal,
  Select,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { DateStringPicker } from "../../../components/DateStringPicker";
import { ErrorResult } from "../../../components/ErrorResult";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { showFieldErrorOf } from "../../../components/form-errors";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { useCan } from "../../auth/hooks/use-me";
import type { BindPlanTargetBody, PlanTarget, TargetVerdict } from "../shared/plan-types";
import { usePlanLabels } from "../shared/use-plan-labels";
import { useBindPlanTarget, usePlanTargets } from "./use-plan-targets";

const VERDICT_COLORS: Record<TargetVerdict, string> = {
  met: "success",
  on_track: "processing",
  off_track: "red",
  unbound: "default",
};

function formatValue(value: number | null, unit: string | null | undefined): string {
  if (value === null) return "—";
  return unit === "percent" || unit === "%" ? `${value}%` : `${value}${unit ?? ""}`;
}

/**
 * 量化目标: the plan's targets, each with the indicator it is bound to, the indicator's value now for
 * the plan organization's subtree, and on track / off track / met; with plan:write, bind a target.
 */
export function PlanTargetsView({ planId }: { planId: number }) {
  const t = useT();
  const labels = usePlanLabels();
  const canWrite = useCan("plan:write");
  const targets = usePlanTargets(planId);
  const [editing, setEditing] = useState<PlanTarget>();

  if (targets.isPending) return <PageSpinner />;
  if (targets.isError) return <ErrorResult error={targets.error} onRetry={() => void targets.refetch()} />;

  const columns: TableColumnsType<PlanTarget> = [
    {
      title: t("plans.task"),
      key: "task",
      width: 220,
      render: (_, target) => `${target.taskNumber}. ${target.taskTitle}`,
    },
    {
      title: t("targets.text"),
      dataIndex: "text",
      render: (text: string) => <Typography.Text style={{ fontSize: 12 }}>{text}</Typography.Text>,
    },
    {
      title: t("targets.goal"),
      key: "goal",
      width: 150,
      render: (_, target) => (
        <>
          <div>
            {target.comparison === ">=" ? "≥" : "≤"} {formatValue(target.value, target.unit)}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {target.dueOn ?? "—"}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t("targets.indicator"),
      key: "indicator",
      width: 170,
      render: (_, target) => (target.indicator ? labels.name(target.indicator.name) : "—"),
    },
    {
      title: t("targets.actual"),
      key: "actual",
      width: 100,
      render: (_, target) => formatValue(target.actual, target.indicator?.unit),
    },
    {
      title: t("plans.status"),
      key: "verdict",
      width: 130,
      render: (_, target) => (
        <Tag color={VERDICT_COLORS[target.verdict]} data-testid="plan-target-verdict">
          {labels.targetVerdict(target.verdict)}
        </Tag>
      ),
    },
    ...(canWrite
      ? [
          {
            title: "",
            key: "edit",
            width: 56,
            render: (_: unknown, target: PlanTarget) => (
              <Button
                size="small"
                type="text"
                icon={<EditOutlined />}
                aria-label={t("targets.bind")}
                onClick={() => setEditing(target)}
                data-testid="plan-target-edit"
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={8} data-testid="plan-targets">
      <Flex gap={8} wrap>
        {(Object.keys(VERDICT_COLORS) as TargetVerdict[]).map((verdict) => (
          <Tag key={verdict} color={VERDICT_COLORS[verdict]}>
            {labels.targetVerdict(verdict)} {targets.data.verdictCounts[verdict] ?? 0}
          </Tag>
        ))}
        <Typography.Text type="secondary">{t("targets.asOf", { date: targets.data.asOf })}</Typography.Text>
      </Flex>
      <Table<PlanTarget>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={targets.data.targets}
        pagination={false}
        locale={{ emptyText: t("targets.none") }}
      />
      {editing && <BindTargetModal target={editing} onClose={() => setEditing(undefined)} />}
    </Flex>
  );
}

const FIELDS = ["indicatorId", "comparison", "value", "dueOn"] as const;

function BindTargetModal({ target, onClose }: { target: PlanTarget; onClose: () => void }) {
  const t = useT();
  const labels = usePlanLabels();
  const [form] = Form.useForm<BindPlanTargetBody>();
  const bind = useBindPlanTarget(target.id);
  const onFinish = (values: BindPlanTargetBody) =>
    bind.mutate(
      { ...values, indicatorId: values.indicatorId ?? null, dueOn: values.dueOn ?? null },
      {
        onSuccess: onClose,
        onError: (error) => showFieldErrorOf(form, error, FIELDS),
      },
    );
  return (
    <Modal
      open
      title={t("targets.bind")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={bind.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{target.text}</Typography.Paragraph>
      <FormErrorAlert error={bind.error} fieldNames={FIELDS} style={{ marginBottom: 12 }} />
      <Form<BindPlanTargetBody>
        form={form}
        layout="vertical"
        initialValues={{
          indicatorId: target.indicatorId,
          comparison: target.comparison,
          value: target.value ?? undefined,
          dueOn: target.dueOn,
        }}
        onFinish={onFinish}
        data-testid="plan-target-form"
      >
        <Form.Item name="indicatorId" label={t("targets.indicator")}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            placeholder={t("targets.unbound")}
            options={INDICATORS.map((indicator) => ({
              value: indicator.id,
              label: labels.name(indicator.name),
            }))}
          />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="comparison" label={t("targets.comparison")} style={{ flex: "0 0 120px" }}>
            <Select
              options={[
                { value: ">=", label: t("targets.atLeast") },
                { value: "<=", label: t("targets.atMost") },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="value"
            label={t("targets.value")}
            rules={[{ required: true, message: t("common.required") }]}
            style={{ flex: 1 }}
          >
            <InputNumber min={0} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="dueOn" label={t("targets.dueOn")} style={{ flex: 1 }}>
            <DateStringPicker />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}
