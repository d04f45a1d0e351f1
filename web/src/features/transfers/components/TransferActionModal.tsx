import type { GuardFailure, GuardWarning, TransferAction } from "@tuanwu/domain";
import { Alert, Button, Flex, Form, Input, Modal } from "antd";
import { useState } from "react";
import { isApiError } from "../../../api/errors";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { OrganizationSearchSelect } from "../../organizations/components/OrganizationSearchSelect";
import { TransferStepError } from "../api/transfer-queries";
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

type Problem =
  | { kind: "conflict"; message: string }
  | { kind: "warnings"; warnings: GuardWarning[]; payload: Record<string, unknown> }
  | { kind: "failures"; messages: string[] };

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
  const [problem, setProblem] = useState<Problem>();
  const [pending, setPending] = useState(false);
  const fields = fieldsOf(action);
  const title = labels.action(action);

  const send = async (payload: Record<string, unknown>) => {
    setProblem(undefined);
    setPending(true);
    try {
      await submit(payload);
      onClose();
    } catch (error) {
      setProblem(problemOf(error, payload));
    } finally {
      setPending(false);
    }
  };

  const problemOf = (error: unknown, payload: Record<string, unknown>): Problem => {
    if (isApiError(error, 409)) return { kind: "conflict", message: error.message };
    if (
      error instanceof TransferStepError &&
      error.warnings.length > 0 &&
      error.failures.every((failure) => failure.code === "warnings_not_acknowledged")
    ) {
      return { kind: "warnings", warnings: error.warnings, payload };
    }
    const failures: GuardFailure[] =
      error instanceof TransferStepError && error.failures.length > 0
        ? error.failures
        : isApiError(error) && error.field
          ? [{ code: error.code, field: error.field, message: error.message }]
          : [];
    const names = fields as readonly string[];
    const beside = failures.filter((failure) => names.includes(lastPart(failure.field)));
    form.setFields(
      fields.map((name) => ({
        name,
        errors: beside
          .filter((failure) => lastPart(failure.field) === name)
          .map((failure) => failure.message),
      })),
    );
    const others = failures.filter((failure) => !beside.includes(failure)).map((failure) => failure.message);
    if (failures.length === 0) others.push(errorMessageOf(error, t("common.error")));
    return { kind: "failures", messages: others };
  };

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
                loading={pending}
                disabled={problem?.kind === "conflict"}
                onClick={() => form.submit()}
                data-testid="transfer-action-submit"
              >
                {title}
              </Button>,
            ]
      }
    >
      {problem?.kind === "conflict" && (
        <Alert
          type="warning"
          showIcon
          title={t("transfers.conflict")}
          description={`${problem.message} ${t("transfers.conflictHint")}`}
          action={
            <Button
              size="small"
              onClick={() => {
                onReload();
                onClose();
              }}
              data-testid="transfer-conflict-reload"
            >
              {t("transfers.reload")}
            </Button>
          }
          style={{ marginBottom: 16 }}
          data-testid="transfer-conflict"
        />
      )}
      {problem?.kind === "failures" && problem.messages.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t("transfers.refused")}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {problem.messages.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 16 }}
          data-testid="transfer-action-failures"
        />
      )}
      {problem?.kind === "warnings" && (
        <Flex vertical gap={12} data-testid="transfer-warnings">
          <Alert
            type="warning"
            showIcon
            title={t("transfers.warningsTitle")}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {problem.warnings.map((warning) => (
                  <li key={warning.code}>{warning.message}</li>
                ))}
              </ul>
            }
          />
          <Flex gap={8} justify="flex-end">
            <Button onClick={() => setProblem(undefined)}>{t("common.cancel")}</Button>
            <Button
              type="primary"
              loading={pending}
              onClick={() =>
                void send({
                  ...problem.payload,
                  acknowledgedWarnings: problem.warnings.map((warning) => warning.code),
                })
              }
              data-testid="transfer-warnings-acknowledge"
            >
              {t("transfers.acknowledge")}
            </Button>
          </Flex>
        </Flex>
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => void send(payloadOf(values))}
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

/** "payload.reason" → "reason". */
function lastPart(field: string): string {
  return field.split(".").at(-1) ?? field;
}
