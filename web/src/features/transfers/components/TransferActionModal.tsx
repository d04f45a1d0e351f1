import type { TransferAction } from "@tuanwu/domain";
import { Button, Form, Input, Modal } from "antd";
import { StepProblemAlerts, useStepSubmit } from "../../../components/StepProblems";
import { useT } from "../../../i18n/use-t";
import { OrganizationSearchSelect } from "../../organizations/components/OrganizationSearchSelect";
import { useTransferLabels } from "../transfer-labels";

/** The actions that end a transfer without it landing (red buttons). */
export const DANGER_TRANSFER_ACTIONS: readonly TransferAction[] = [
  "return_transfer",
  "withdraw_by_member",
  "withdraw_by_sending",
  "withdraw_by_receiving",
];

/** The fields each step's form asks for (the payload schemas of domain TRANSFER_PAYLOAD_SCHEMAS). */
export function fieldsOf(action: TransferAction): readonly ("note" | "reason" | "assignedBranchId")[] {
  switch (action) {
    case "accept_receiving":
      return ["assignedBranchId", "note"];
    case "return_transfer":
    case "withdraw_by_member":
    case "withdraw_by_sending":
    case "withdraw_by_receiving":
    case "auto_return":
      return ["reason"];
    default:
      return ["note"];
  }
}

interface TransferActionModalProps {
  action: TransferAction;
  onClose: () => void;
  /** Takes the step; rejects with a TransferStepError (409, 422, 403) or an ApiError (400 naming a field). */
  submit: (payload: Record<string, unknown>) => Promise<unknown>;
  /** Reloads the transfer (after a 409: someone else already handled it). */
  onReload: () => void;
}

/**
 * One step's dialog: 审核意见, 退回理由 (required) or the receiving branch; the server's refusals
 * shown where they belong — a failure naming a field beside it, the others above the form; warnings
 * confirmed and sent again with `acknowledgedWarnings`; a 409 said as "someone else already handled
 * it", with a reload.
 */
export function TransferActionModal({ action, onClose, submit, onReload }: TransferActionModalProps) {
  const t = useT();
  const labels = useTransferLabels();
  const [form] = Form.useForm<Record<string, unknown>>();
  const fields = fieldsOf(action);
  const title = labels.action(action);
  const step = useStepSubmit({
    form,
    fieldNames: fields,
    submit,
    onDone: onClose,
    fallback: t("common.error"),
  });
  const problem = step.problem;

  const payloadOf = (values: Record<string, unknown>): Record<string, unknown> => {
    const payload: Record<string, unknown> = {};
    for (const name of fields) {
      const value = values[name];
      if (typeof value === "string" ? value.trim() !== "" : value !== undefined && value !== null) {
        payload[name] = typeof value === "string" ? value.trim() : value;
      }
    }
    return payload;
  };

  return (
    <Modal
      title={title}
      open
      onCancel={onClose}
      destroyOnHidden
      footer={
        problem?.kind === "warnings"
          ? null
          : [
              <Button key="cancel" onClick={onClose}>
                {t("common.cancel")}
              </Button>,
              <Button
                key="ok"
                type="primary"
                danger={DANGER_TRANSFER_ACTIONS.includes(action)}
                loading={step.pending}
                disabled={problem?.kind === "conflict"}
                onClick={() => form.submit()}
                data-testid="transfer-action-submit"
              >
                {title}
              </Button>,
            ]
      }
    >
      <StepProblemAlerts
        problem={problem}
        pending={step.pending}
        texts={{
          conflictTitle: t("transfers.conflict"),
          conflictDescription: (message) => `${message} ${t("transfers.conflictHint")}`,
          reload: t("transfers.reload"),
          refused: t("transfers.refused"),
          warningsTitle: t("transfers.warningsTitle"),
          acknowledge: t("transfers.acknowledge"),
          cancel: t("common.cancel"),
        }}
        testIds={{
          conflict: "transfer-conflict",
          reload: "transfer-conflict-reload",
          failures: "transfer-action-failures",
          warnings: "transfer-warnings",
          acknowledge: "transfer-warnings-acknowledge",
        }}
        onReload={() => {
          onReload();
          onClose();
        }}
        onAcknowledge={step.acknowledge}
        onCancelWarnings={step.clear}
      />
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => void step.send(payloadOf(values))}
        style={problem?.kind === "warnings" ? { display: "none" } : undefined}
        data-testid="transfer-action-form"
      >
        {fields.includes("assignedBranchId") && (
          <Form.Item
            name="assignedBranchId"
            label={t("transfers.assignedBranch")}
            extra={t("transfers.assignedBranchHint")}
          >
            <OrganizationSearchSelect data-testid="transfer-assigned-branch" />
          </Form.Item>
        )}
        {fields.includes("note") && (
          <Form.Item name="note" label={t("transfers.note")}>
            <Input.TextArea rows={2} maxLength={500} data-testid="transfer-note" />
          </Form.Item>
        )}
        {fields.includes("reason") && (
          <Form.Item
            name="reason"
            label={action === "return_transfer" ? t("transfers.returnReason") : t("transfers.withdrawReason")}
            rules={
              action === "return_transfer"
                ? [{ required: true, whitespace: true, message: t("transfers.reasonRequired") }]
                : []
            }
          >
            <Input.TextArea rows={2} maxLength={500} data-testid="transfer-reason" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
