import type { DevelopmentAction, DevelopmentState, GuardFailure, GuardWarning } from "@tuanwu/domain";
import { Alert, Button, Flex, Form, Modal, Typography } from "antd";
import { useState } from "react";
import { isApiError } from "../../../api/errors";
import { errorMessageOf } from "../../../components/form-errors";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { TransitionError } from "../api/development-queries";
import { ActionFormFields, initialValuesOf, payloadOf } from "./ActionFormFields";
import { ACTION_FIELDS, type ActionField, DANGER_ACTIONS } from "./action-fields";

interface ActionFormModalProps {
  action: DevelopmentAction;
  open: boolean;
  returnTargets?: readonly DevelopmentState[];
  /** Where mentors and sponsors are searched (the application's branch). */
  memberScopeId: number;
  onClose: () => void;
  /** Takes the step; rejects with a TransitionError (409, 422) or an ApiError (400 naming a field). */
  submit: (payload: Record<string, unknown>) => Promise<unknown>;
  /** Reloads the application (after a 409: someone else took a step first). */
  onReload: () => void;
}

type Problem =
  | { kind: "conflict"; message: string }
  | { kind: "warnings"; warnings: GuardWarning[]; payload: Record<string, unknown> }
  | { kind: "failures"; messages: string[] };

/**
 * One step's dialog: the form built from the step's fields; the server's refusals shown where they
 * belong — a failure naming a field beside that field, the others listed above the form; warnings (a
 * 团学比 cap crossed, a late talk) asked to be confirmed, then sent again with `acknowledgedWarnings`;
 * a 409 said as "someone else already handled it", with a reload.
 */
export function ActionFormModal({
  action,
  open,
  returnTargets,
  memberScopeId,
  onClose,
  submit,
  onReload,
}: ActionFormModalProps) {
  const t = useT();
  const labels = useLabels();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [problem, setProblem] = useState<Problem>();
  const [pending, setPending] = useState(false);
  const fieldNames = (ACTION_FIELDS[action] as readonly ActionField[]).map((field) => field.name);
  const title = labels.developmentAction(action);

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
    if (error instanceof TransitionError && error.warnings.length > 0 && onlyWarnings(error.failures)) {
      return { kind: "warnings", warnings: error.warnings, payload };
    }
    const failures: GuardFailure[] =
      error instanceof TransitionError && error.failures.length > 0
        ? error.failures
        : isApiError(error) && error.field
          ? [{ code: error.code, field: error.field, message: error.message }]
          : [];
    const beside = failures.filter((failure) => fieldNames.includes(lastPart(failure.field)));
    form.setFields(
      fieldNames.map((name) => ({
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

  return (
    <Modal
      title={title}
      open={open}
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
                danger={DANGER_ACTIONS.includes(action)}
                loading={pending}
                disabled={problem?.kind === "conflict"}
                onClick={() => form.submit()}
                data-testid="action-submit"
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
          title={t("development.conflict")}
          description={problem.message}
          action={
            <Button
              size="small"
              onClick={() => {
                onReload();
                onClose();
              }}
              data-testid="conflict-reload"
            >
              {t("development.reload")}
            </Button>
          }
          style={{ marginBottom: 16 }}
          data-testid="conflict-alert"
        />
      )}
      {problem?.kind === "failures" && problem.messages.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t("development.refused")}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {problem.messages.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 16 }}
          data-testid="action-failures"
        />
      )}
      {problem?.kind === "warnings" && (
        <Flex vertical gap={12} data-testid="warnings-confirm">
          <Alert
            type="warning"
            showIcon
            title={t("development.warningsTitle")}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {problem.warnings.map((warning) => (
                  <li key={warning.code}>{warning.message}</li>
                ))}
              </ul>
            }
          />
          <Typography.Text type="secondary">{t("development.warningsHint")}</Typography.Text>
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
              data-testid="warnings-acknowledge"
            >
              {t("development.acknowledgeAndSubmit")}
            </Button>
          </Flex>
        </Flex>
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValuesOf(action)}
        onFinish={(values) => void send(payloadOf(action, values))}
        style={problem?.kind === "warnings" ? { display: "none" } : undefined}
        data-testid="action-form"
      >
        <ActionFormFields action={action} returnTargets={returnTargets} memberScopeId={memberScopeId} />
      </Form>
    </Modal>
  );
}

/** "payload.talkDate" → "talkDate". */
function lastPart(field: string): string {
  return field.split(".").at(-1) ?? field;
}

/** Whether a 422 is only about unconfirmed warnings (no failure but "warnings_not_acknowledged"). */
function onlyWarnings(failures: readonly GuardFailure[]): boolean {
  return failures.every((failure) => failure.code === "warnings_not_acknowledged");
}
