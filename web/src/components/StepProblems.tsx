import type { GuardFailure, GuardWarning } from "@tuanwu/domain";
import { Alert, Button, Flex, type FormInstance, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { isApiError } from "../api/errors";
import { errorMessageOf } from "./form-errors";

/**
 * What went wrong with a workflow step (the approval engine's answers, server/src/modules/workflow):
 * a 409 (someone else took a step first), warnings to confirm (a 422 whose only failure is
 * `warnings_not_acknowledged`), or failures — the ones naming a field of the form are shown beside
 * it, the others listed here.
 */
export type StepProblem =
  | { kind: "conflict"; message: string }
  | { kind: "warnings"; warnings: GuardWarning[]; payload: Record<string, unknown> }
  | { kind: "failures"; messages: string[] };

/** A refused step as the features' error classes carry it (TransitionError, TransferStepError). */
interface StepRefusal {
  failures: GuardFailure[];
  warnings: GuardWarning[];
}

function isStepRefusal(error: unknown): error is StepRefusal {
  return (
    typeof error === "object" &&
    error !== null &&
    Array.isArray((error as Partial<StepRefusal>).failures) &&
    Array.isArray((error as Partial<StepRefusal>).warnings)
  );
}

/** "payload.talkDate" → "talkDate". */
function lastPart(field: string): string {
  return field.split(".").at(-1) ?? field;
}

/**
 * Sorts a step's error: the problem to show above the form, and the messages for each of
 * `fieldNames` (every field listed, an empty list clearing its earlier error).
 * @param payload what was sent (kept to send again with `acknowledgedWarnings`).
 * @param fallback the message when the error says nothing (a network failure).
 */
export function stepProblemOf(
  error: unknown,
  payload: Record<string, unknown>,
  fieldNames: readonly string[],
  fallback: string,
): { problem: StepProblem; fieldErrors: { name: string; errors: string[] }[] } {
  if (isApiError(error, 409)) {
    return { problem: { kind: "conflict", message: error.message }, fieldErrors: [] };
  }
  if (
    isStepRefusal(error) &&
    error.warnings.length > 0 &&
    error.failures.every((failure) => failure.code === "warnings_not_acknowledged")
  ) {
    return { problem: { kind: "warnings", warnings: error.warnings, payload }, fieldErrors: [] };
  }
  const failures: GuardFailure[] =
    isStepRefusal(error) && error.failures.length > 0
      ? error.failures
      : isApiError(error) && error.field
        ? [{ code: error.code, field: error.field, message: error.message }]
        : [];
  const beside = failures.filter((failure) => fieldNames.includes(lastPart(failure.field)));
  const fieldErrors = fieldNames.map((name) => ({
    name,
    errors: beside.filter((failure) => lastPart(failure.field) === name).map((failure) => failure.message),
  }));
  const others = failures.filter((failure) => !beside.includes(failure)).map((failure) => failure.message);
  if (failures.length === 0) others.push(errorMessageOf(error, fallback));
  return { problem: { kind: "failures", messages: others }, fieldErrors };
}

interface UseStepSubmitOptions {
  form: Pick<FormInstance, "setFields">;
  /** The form's fields: a failure naming one is shown beside it. */
  fieldNames: readonly string[];
  /** Takes the step; rejects with a refusal (failures, warnings), an ApiError, or anything else. */
  submit: (payload: Record<string, unknown>) => Promise<unknown>;
  /** After the step was taken. */
  onDone: () => void;
  /** The message when the error says nothing. */
  fallback: string;
}

/**
 * A step dialog's sending: `send(payload)` takes the step and keeps its problem (see
 * {@link stepProblemOf}); `acknowledge()` sends the kept payload again with `acknowledgedWarnings`.
 */
export function useStepSubmit({ form, fieldNames, submit, onDone, fallback }: UseStepSubmitOptions) {
  const [problem, setProblem] = useState<StepProblem>();
  const [pending, setPending] = useState(false);

  const send = async (payload: Record<string, unknown>) => {
    setProblem(undefined);
    setPending(true);
    try {
      await submit(payload);
      onDone();
    } catch (error) {
      const sorted = stepProblemOf(error, payload, fieldNames, fallback);
      if (sorted.fieldErrors.length > 0) form.setFields(sorted.fieldErrors);
      setProblem(sorted.problem);
    } finally {
      setPending(false);
    }
  };

  const acknowledge = () => {
    if (problem?.kind !== "warnings") return;
    void send({
      ...problem.payload,
      acknowledgedWarnings: problem.warnings.map((warning) => warning.code),
    });
  };

  return { problem, pending, send, acknowledge, clear: () => setProblem(undefined) };
}

/** The words of the alerts (each feature's own, zh-CN or English). */
export interface StepProblemTexts {
  conflictTitle: string;
  /** Under the conflict's title; the server's message by default. */
  conflictDescription?: (message: string) => ReactNode;
  reload: string;
  refused: string;
  warningsTitle: string;
  warningsHint?: string;
  acknowledge: string;
  cancel: string;
}

/** The test ids of the alerts and their buttons (kept per feature for its tests). */
export interface StepProblemTestIds {
  conflict: string;
  reload: string;
  failures: string;
  warnings: string;
  acknowledge: string;
}

interface StepProblemAlertsProps {
  problem: StepProblem | undefined;
  pending: boolean;
  texts: StepProblemTexts;
  testIds: StepProblemTestIds;
  /** The conflict's reload: reloads the page's record and closes the dialog. */
  onReload: () => void;
  /** Confirms the warnings (sends again with `acknowledgedWarnings`). */
  onAcknowledge: () => void;
  /** Leaves the warnings unconfirmed, back to the form. */
  onCancelWarnings: () => void;
}

function MessageList({ messages }: { messages: readonly { key: string; text: string }[] }) {
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
      {messages.map((message) => (
        <li key={message.key}>{message.text}</li>
      ))}
    </ul>
  );
}

/**
 * The problem alerts of a workflow step's dialog (development's ActionFormModal, transfers'
 * TransferActionModal): the conflict with a reload, the refused conditions listed, or the warnings
 * with confirm / cancel. Renders nothing without a problem.
 */
export function StepProblemAlerts({
  problem,
  pending,
  texts,
  testIds,
  onReload,
  onAcknowledge,
  onCancelWarnings,
}: StepProblemAlertsProps) {
  if (problem?.kind === "conflict") {
    return (
      <Alert
        type="warning"
        showIcon
        title={texts.conflictTitle}
        description={texts.conflictDescription ? texts.conflictDescription(problem.message) : problem.message}
        action={
          <Button size="small" onClick={onReload} data-testid={testIds.reload}>
            {texts.reload}
          </Button>
        }
        style={{ marginBottom: 16 }}
        data-testid={testIds.conflict}
      />
    );
  }
  if (problem?.kind === "failures") {
    if (problem.messages.length === 0) return null;
    return (
      <Alert
        type="error"
        showIcon
        title={texts.refused}
        description={<MessageList messages={problem.messages.map((text) => ({ key: text, text }))} />}
        style={{ marginBottom: 16 }}
        data-testid={testIds.failures}
      />
    );
  }
  if (problem?.kind === "warnings") {
    return (
      <Flex vertical gap={12} data-testid={testIds.warnings}>
        <Alert
          type="warning"
          showIcon
          title={texts.warningsTitle}
          description={
            <MessageList
              messages={problem.warnings.map((warning) => ({ key: warning.code, text: warning.message }))}
            />
          }
        />
        {texts.warningsHint && <Typography.Text type="secondary">{texts.warningsHint}</Typography.Text>}
        <Flex gap={8} justify="flex-end">
          <Button onClick={onCancelWarnings}>{texts.cancel}</Button>
          <Button type="primary" loading={pending} onClick={onAcknowledge} data-testid={testIds.acknowledge}>
            {texts.acknowledge}
          </Button>
        </Flex>
      </Flex>
    );
  }
  return null;
}
