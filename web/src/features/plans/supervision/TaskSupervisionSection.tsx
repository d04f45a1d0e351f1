import { App, Empty, Flex, Form, Input, List, Radio, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { DateStringPicker } from "../../../components/DateStringPicker";
import { showFieldErrorOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import type { PlanSupervision, PlanSupervisionBody, PlanTask, SupervisionKind } from "../shared/plan-types";
import { TaskEntryForm } from "../shared/TaskEntryForm";
import { usePlanLabels } from "../shared/use-plan-labels";
import { useCreateSupervision } from "./use-supervision";

const KINDS: readonly SupervisionKind[] = ["reminder", "talk"];
const FIELDS = ["kind", "subject", "note", "occurredOn"] as const;

interface TaskSupervisionSectionProps {
  task: PlanTask;
  supervisions: readonly PlanSupervision[];
  canWrite: boolean;
}

/** 督导: reminders (提醒) and talks (约谈) with whoever is behind on the task, newest first. */
export function TaskSupervisionSection({ task, supervisions, canWrite }: TaskSupervisionSectionProps) {
  const t = useT();
  const labels = usePlanLabels();
  return (
    <Flex vertical gap={12} data-testid="plan-task-supervision">
      {canWrite && <SupervisionForm task={task} />}
      {supervisions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("tracking.noSupervisions")} />
      ) : (
        <List
          size="small"
          dataSource={supervisions as PlanSupervision[]}
          renderItem={(record) => (
            <List.Item data-testid="plan-supervision">
              <Flex vertical gap={2} style={{ width: "100%" }}>
                <Flex gap={8} align="center" wrap>
                  <Tag color={record.kind === "talk" ? "red" : "orange"}>
                    {labels.supervisionKind(record.kind)}
                  </Tag>
                  <Typography.Text strong>{record.occurredOn}</Typography.Text>
                  <Typography.Text>{record.subject}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t("tracking.recordedBy", {
                      name: record.recordedByName,
                      at: dayjs(record.createdAt).format("YYYY-MM-DD HH:mm"),
                    })}
                  </Typography.Text>
                </Flex>
                <Typography.Text style={{ whiteSpace: "pre-wrap" }}>{record.note}</Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Flex>
  );
}

function SupervisionForm({ task }: { task: PlanTask }) {
  const t = useT();
  const labels = usePlanLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanSupervisionBody>();
  const create = useCreateSupervision(task.id);
  const onFinish = (values: PlanSupervisionBody) =>
    create.mutate(
      { ...values, subject: values.subject.trim(), note: values.note.trim() },
      {
        onSuccess: () => {
          message.success(t("tracking.supervisionRecorded"));
          form.resetFields();
        },
        onError: (error) => showFieldErrorOf(form, error, FIELDS),
      },
    );
  return (
    <TaskEntryForm<PlanSupervisionBody>
      form={form}
      initialValues={{
        kind: "reminder",
        subject: task.ownerName ?? task.leadUnit ?? "",
        note: "",
        occurredOn: dayjs().format("YYYY-MM-DD"),
      }}
      onFinish={onFinish}
      title={t("tracking.newSupervision")}
      error={create.error}
      fieldNames={FIELDS}
      submitting={create.isPending}
      submitLabel={t("tracking.record")}
      submitTestId="plan-supervision-submit"
      data-testid="plan-supervision-form"
    >
      <Flex gap={12} wrap style={{ marginTop: 8 }}>
        <Form.Item name="kind" label={t("tracking.kind")} style={{ flex: "0 0 auto" }}>
          <Radio.Group
            optionType="button"
            options={KINDS.map((kind) => ({ value: kind, label: labels.supervisionKind(kind) }))}
          />
        </Form.Item>
        <Form.Item
          name="occurredOn"
          label={t("tracking.occurredOn")}
          rules={[{ required: true }]}
          style={{ flex: "1 1 140px" }}
        >
          <DateStringPicker />
        </Form.Item>
        <Form.Item
          name="subject"
          label={t("tracking.subject")}
          rules={[{ required: true, whitespace: true, message: t("common.required") }]}
          style={{ flex: "1 1 160px" }}
        >
          <Input maxLength={200} />
        </Form.Item>
      </Flex>
      <Form.Item
        name="note"
        label={t("tracking.note")}
        rules={[{ required: true, whitespace: true, message: t("common.required") }]}
      >
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
    </TaskEntryForm>
  );
}
