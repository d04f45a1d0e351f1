import { App, Button, Card, Empty, Flex, Form, Input, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { DecisionModal } from "../../../components/DecisionModal";
import { showFieldErrorOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { AttachmentLinks } from "../shared/AttachmentLinks";
import { FilesInput } from "../shared/FilesInput";
import type { PlanCloseOut, PlanTask } from "../shared/plan-types";
import { TaskEntryForm } from "../shared/TaskEntryForm";
import { usePlanLabels } from "../shared/use-plan-labels";
import type { CloseOutDecision } from "./close-out-queries";
import { useDecideCloseOut, useSubmitCloseOut } from "./use-close-out";

const STATE_COLORS: Record<PlanCloseOut["state"], string> = {
  submitted: "processing",
  approved: "cyan",
  returned: "orange",
  reopened: "default",
};

interface TaskCloseOutSectionProps {
  task: PlanTask;
  closeOuts: readonly PlanCloseOut[];
  /** The server says the current user may submit one now. */
  canSubmit: boolean;
}

/**
 * 销号: a task is closed out only with evidence (text and files) and a reviewer's approval (another
 * person with plan:review); a reviewer may return it with a note, or reopen an approved one with a
 * reason. The buttons are the close-out's `actions` from the server, which still decides.
 */
export function TaskCloseOutSection({ task, closeOuts, canSubmit }: TaskCloseOutSectionProps) {
  const t = useT();
  const labels = usePlanLabels();
  const decide = useDecideCloseOut();
  const [pending, setPending] = useState<{ closeOut: PlanCloseOut; decision: CloseOutDecision }>();

  return (
    <Flex vertical gap={12} data-testid="plan-task-close-out">
      {canSubmit && <CloseOutForm task={task} />}
      {closeOuts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("tracking.noCloseOuts")} />
      ) : (
        closeOuts.map((closeOut) => (
          <Card
            key={closeOut.id}
            size="small"
            title={
              <Flex gap={8} align="center">
                <Tag color={STATE_COLORS[closeOut.state]} data-testid="plan-close-out-state">
                  {labels.closeOutState(closeOut.state)}
                </Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: "normal" }}>
                  {t("tracking.submittedBy", {
                    name: closeOut.submittedByName,
                    at: dayjs(closeOut.submittedAt).format("YYYY-MM-DD HH:mm"),
                  })}
                </Typography.Text>
              </Flex>
            }
            extra={
              <Flex gap={4}>
                {closeOut.actions
                  .filter((action): action is CloseOutDecision => action !== "submit")
                  .map((action) => (
                    <Button
                      key={action}
                      size="small"
                      type={action === "approve" ? "primary" : "default"}
                      danger={action !== "approve"}
                      onClick={() => setPending({ closeOut, decision: action })}
                      data-testid={`plan-close-out-${action}`}
                    >
                      {labels.closeOutAction(action)}
                    </Button>
                  ))}
              </Flex>
            }
          >
            <Flex vertical gap={6}>
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>
                {closeOut.evidence}
              </Typography.Paragraph>
              <AttachmentLinks attachments={closeOut.attachments} />
              {closeOut.reviewedByName && (
                <Typography.Text type="secondary">
                  {t("tracking.reviewedBy", {
                    name: closeOut.reviewedByName,
                    at: closeOut.reviewedAt ? dayjs(closeOut.reviewedAt).format("YYYY-MM-DD HH:mm") : "",
                  })}
                  {closeOut.reviewNote ? `：${closeOut.reviewNote}` : ""}
                </Typography.Text>
              )}
              {closeOut.reopenedByName && (
                <Typography.Text type="secondary">
                  {t("tracking.reopenedBy", {
                    name: closeOut.reopenedByName,
                    at: closeOut.reopenedAt ? dayjs(closeOut.reopenedAt).format("YYYY-MM-DD HH:mm") : "",
                  })}
                  {closeOut.reopenReason ? `：${closeOut.reopenReason}` : ""}
                </Typography.Text>
              )}
            </Flex>
          </Card>
        ))
      )}
      <DecisionModal
        title={pending ? labels.closeOutAction(pending.decision) : ""}
        open={pending !== undefined}
        noteRequired={pending?.decision !== "approve"}
        onClose={() => setPending(undefined)}
        onDecide={(note) =>
          pending
            ? decide.mutateAsync({ closeOutId: pending.closeOut.id, decision: pending.decision, text: note })
            : Promise.resolve()
        }
        data-testid="plan-close-out-decision"
      />
    </Flex>
  );
}

const CLOSE_OUT_FIELDS = ["evidence", "files"] as const;

interface CloseOutValues {
  evidence: string;
  files: File[];
}

function CloseOutForm({ task }: { task: PlanTask }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<CloseOutValues>();
  const submit = useSubmitCloseOut(task.id);
  const onFinish = (values: CloseOutValues) =>
    submit.mutate(
      { evidence: values.evidence.trim(), files: values.files ?? [] },
      {
        onSuccess: () => {
          message.success(t("tracking.closeOutSubmitted"));
          form.resetFields();
        },
        onError: (error) => showFieldErrorOf(form, error, CLOSE_OUT_FIELDS),
      },
    );
  return (
    <TaskEntryForm<CloseOutValues>
      form={form}
      initialValues={{ evidence: "", files: [] }}
      onFinish={onFinish}
      title={t("tracking.submitCloseOut")}
      error={submit.error}
      fieldNames={CLOSE_OUT_FIELDS}
      submitting={submit.isPending}
      submitLabel={t("tracking.submitCloseOut")}
      submitTestId="plan-close-out-submit"
      data-testid="plan-close-out-form"
    >
      <Form.Item
        name="evidence"
        label={t("tracking.evidence")}
        rules={[{ required: true, whitespace: true, message: t("tracking.evidenceRequired") }]}
        style={{ marginTop: 8 }}
      >
        <Input.TextArea rows={3} maxLength={5000} showCount data-testid="plan-close-out-evidence" />
      </Form.Item>
      <Form.Item name="files" label={t("tracking.files")}>
        <FilesInput />
      </Form.Item>
    </TaskEntryForm>
  );
}
