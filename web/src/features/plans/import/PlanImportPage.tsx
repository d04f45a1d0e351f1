import { Alert, App, Button, Flex, Steps, Typography } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { isApiError } from "../../../api/errors";
import { ErrorResult } from "../../../components/ErrorResult";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import type { MessageKey } from "../../../i18n/zh-CN";
import { useCan } from "../../auth/hooks/use-me";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { planPath, plansPath } from "../shared/plan-routes";
import type { PlanPreview } from "../shared/plan-types";
import { PlanFileStep } from "./PlanFileStep";
import { PlanPreviewEditor } from "./PlanPreviewEditor";
import { PlanReadChoice } from "./PlanReadChoice";
import {
  draftFieldOf,
  draftOfPreview,
  IMPORT_FIELD_LABELS,
  importBodyOf,
  type PlanImportDraft,
} from "./plan-import-draft";
import type { PlanReadChoice as ReadChoice } from "./plan-import-queries";
import { useImportPlan, usePlanPreview } from "./use-plan-import";

/**
 * /orgs/:orgId/plans/import: 1. upload the plan (.docx, .pdf, .xlsx, .csv, .txt, .md), parsed on the
 * server with nothing written; 2. the preview, corrected in place — with the parser's doubts, and the
 * marker or column choice to read it again; 3. confirm (the corrected plan as JSON) → the ledger.
 * Server errors show with the field they name (e.g. "tasks.3.deadline" → task 4's deadline).
 */
export function PlanImportPage() {
  const organization = useCurrentOrganization();
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const canWrite = useCan("plan:write");
  const preview = usePlanPreview(organization.id);
  const save = useImportPlan(organization.id);
  const [fileName, setFileName] = useState<string>();
  const [progress, setProgress] = useState<number | null>();
  const [draft, setDraft] = useState<PlanImportDraft | null>(null);
  const [previewMessage, setPreviewMessage] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [parsed, setParsed] = useState<PlanPreview | null>(null);
  /** Bumped on each new preview so the marker / column choice starts from the server's reading. */
  const [readCount, setReadCount] = useState(0);

  if (!canWrite) return <ErrorResult error={new Error(t("task.readOnly"))} />;

  const read = (chosen: File, choice?: ReadChoice) => {
    save.reset();
    setProgress(0);
    preview.mutate(
      { file: chosen, onProgress: setProgress, ...(choice ? { choice } : {}) },
      {
        onSuccess: (result) => {
          setDraft(draftOfPreview(result));
          setPreviewMessage(result.message);
          setParsed(result);
          setReadCount((count) => count + 1);
        },
      },
    );
  };
  const choose = (chosen: File) => {
    setFileName(chosen.name);
    setFile(chosen);
    setDraft(null);
    setParsed(null);
    read(chosen);
  };
  const restart = () => {
    setFileName(undefined);
    setDraft(null);
    setFile(null);
    setParsed(null);
    preview.reset();
    save.reset();
  };
  const confirm = () => {
    if (!draft) return;
    save.mutate(importBodyOf(draft), {
      onSuccess: (plan) => {
        message.success(t("planImport.saved"));
        navigate(planPath(organization.id, plan.id));
      },
    });
  };

  const errorField = isApiError(save.error) ? draftFieldOf(save.error.field) : undefined;
  const errorText = (() => {
    const error = save.error ?? preview.error;
    if (!error) return undefined;
    const text = errorMessageOf(error, t("common.error"));
    if (!errorField || !draft) return text;
    const labelKey: MessageKey | undefined = IMPORT_FIELD_LABELS[errorField.name];
    const fieldLabel = labelKey ? t(labelKey) : errorField.name;
    const task = errorField.taskIndex === undefined ? undefined : draft.tasks[errorField.taskIndex];
    const where =
      task === undefined
        ? errorField.name === "title"
          ? t("planImport.planTitle")
          : fieldLabel
        : t("planImport.taskField", { number: task.number, field: fieldLabel });
    return t("planImport.fieldError", { field: where, message: text });
  })();
  const canConfirm = draft !== null && draft.tasks.length > 0 && draft.title.trim() !== "";

  return (
    <Flex vertical gap={16} data-testid="plan-import">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t("planImport.title", { organization: organization.name })}
      </Typography.Title>
      <Steps
        current={draft ? 1 : 0}
        items={[
          { title: t("planImport.step.file") },
          { title: t("planImport.step.preview") },
          { title: t("planImport.step.done") },
        ]}
      />
      {errorText && <Alert type="error" showIcon title={errorText} data-testid="plan-import-error" />}
      {draft ? (
        <>
          {parsed && file && (
            <PlanReadChoice
              key={readCount}
              organizationId={organization.id}
              preview={parsed}
              busy={preview.isPending}
              onReread={(choice) => read(file, choice)}
            />
          )}
          <PlanPreviewEditor
            draft={draft}
            onChange={setDraft}
            message={previewMessage}
            errorField={errorField}
          />
          <Flex gap={8} justify="end">
            <Button onClick={restart}>{t("planImport.restart")}</Button>
            <Button onClick={() => navigate(plansPath(organization.id))}>{t("common.cancel")}</Button>
            <Button
              type="primary"
              disabled={!canConfirm}
              loading={save.isPending}
              onClick={confirm}
              data-testid="plan-import-confirm"
            >
              {t("planImport.confirm", { count: draft.tasks.length })}
            </Button>
          </Flex>
        </>
      ) : (
        <PlanFileStep fileName={fileName} onFile={choose} progress={progress} busy={preview.isPending} />
      )}
    </Flex>
  );
}
