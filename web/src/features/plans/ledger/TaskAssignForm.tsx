import { App, Button, Checkbox, Flex, Form, Input } from "antd";
import { DateStringPicker } from "../../../components/DateStringPicker";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { showFieldErrorOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import type { PlanTask } from "../shared/plan-types";
import { useUpdatePlanTask } from "./use-plans";

interface AssignValues {
  ownerName: string | undefined;
  startedOn: string | null;
  doneOn: string | null;
  cancelled: boolean;
}

const FIELDS = ["ownerName", "startedOn", "doneOn", "cancelled"] as const;

/**
 * 责任到人: the person responsible for a task, the dates work started and was done, and whether it
 * is cancelled (left out of the plan's progress) — PATCH /plan-tasks/{id}.
 */
export function TaskAssignForm({ task }: { task: PlanTask }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<AssignValues>();
  const update = useUpdatePlanTask(task.id);

  const onFinish = (values: AssignValues) => {
    update.mutate(
      {
        ownerName: values.ownerName?.trim() || null,
        startedOn: values.startedOn ?? null,
        doneOn: values.doneOn ?? null,
        ...(values.cancelled !== task.cancelled ? { cancelled: values.cancelled } : {}),
      },
      {
        onSuccess: () => message.success(t("task.saved")),
        onError: (error) => showFieldErrorOf(form, error, FIELDS),
      },
    );
  };

  return (
    <Form<AssignValues>
      form={form}
      layout="vertical"
      initialValues={{
        ownerName: task.ownerName ?? undefined,
        startedOn: task.startedOn,
        doneOn: task.doneOn,
      }}
      onFinish={onFinish}
      data-testid="plan-task-assign"
    >
      <FormErrorAlert error={update.error} fieldNames={FIELDS} style={{ marginBottom: 12 }} />
      <Flex gap={12} wrap>
        <Form.Item
          name="ownerName"
          label={t("plans.owner")}
          rules={[{ max: 50, message: t("task.ownerTooLong") }]}
          style={{ flex: "1 1 160px" }}
        >
          <Input placeholder={t("task.ownerPlaceholder")} allowClear data-testid="plan-task-owner" />
        </Form.Item>
        <Form.Item name="startedOn" label={t("plans.startedOn")} style={{ flex: "1 1 140px" }}>
          <DateStringPicker data-testid="plan-task-started" />
        </Form.Item>
        <Form.Item
          name="doneOn"
          label={t("plans.doneOn")}
          dependencies={["startedOn"]}
          style={{ flex: "1 1 140px" }}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: string | null) => {
                const started: string | null = getFieldValue("startedOn");
                return value && started && value < started
                  ? Promise.reject(new Error(t("task.doneBeforeStart")))
                  : Promise.resolve();
              },
            }),
          ]}
        >
          <DateStringPicker data-testid="plan-task-done" />
        </Form.Item>
      </Flex>
      <Flex justify="space-between" align="center">
        <Form.Item name="cancelled" valuePropName="checked" noStyle>
          <Checkbox data-testid="plan-task-cancelled">{t("task.cancelled")}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="plan-task-save">
          {t("common.save")}
        </Button>
      </Flex>
    </Form>
  );
}
