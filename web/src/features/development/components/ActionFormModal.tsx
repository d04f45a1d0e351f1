import type { DevelopmentAction, DevelopmentState } from "@tuanwu/domain";
import { Button, Form, Modal } from "antd";
import { StepProblemAlerts, useStepSubmit } from "../../../components/StepProblems";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
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
  const fieldNames = (ACTION_FIELDS[action] as readonly ActionField[]).map((field) => field.name);
  const title = labels.developmentAction(action);
  const step = useStepSubmit({
    form,
    fieldNames,
    submit,
    onDone: onClose,
    fallback: t("common.error"),
  });
  const problem = step.problem;

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
                loading={step.pending}
                disabled={problem?.kind === "conflict"}
                onClick={() => form.submit()}
                data-testid="action-submit"
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
          conflictTitle: t("development.conflict"),
          reload: t("development.reload"),
          refused: t("development.refused"),
          warningsTitle: t("development.warningsTitle"),
          warningsHint: t("development.warningsHint"),
          acknowledge: t("development.acknowledgeAndSubmit"),
          cancel: t("common.cancel"),
        }}
        testIds={{
          conflict: "conflict-alert",
          reload: "conflict-reload",
          failures: "action-failures",
          warnings: "warnings-confirm",
          acknowledge: "warnings-acknowledge",
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
        initialValues={initialValuesOf(action)}
        onFinish={(values) => void step.send(payloadOf(action, values))}
        style={problem?.kind === "warnings" ? { display: "none" } : undefined}
        data-testid="action-form"
      >
        <ActionFormFields action={action} returnTargets={returnTargets} memberScopeId={memberScopeId} />
      </Form>
    </Modal>
  );
}
