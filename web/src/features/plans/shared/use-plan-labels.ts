import {
  CLOSE_OUT_ACTION_LABELS,
  CLOSE_OUT_STATE_LABELS,
  type CloseOutAction,
  type CloseOutState,
  PLAN_TASK_STATUS_LABELS,
  PROGRESS_RULE_LABELS,
  type ProgressRule,
  SUPERVISION_KIND_LABELS,
  type SupervisionKind,
  TARGET_VERDICT_LABELS,
  type TargetVerdict,
} from "@tuanwu/domain";
import { useMemo } from "react";
import { useLocale } from "../../../i18n/use-t";
import type { PlanTaskStatus } from "./plan-types";

/** Labels of the ledger's codes from @tuanwu/domain, in the current UI language. */
export function usePlanLabels() {
  const { locale } = useLocale();
  return useMemo(() => {
    const pick = (label: { zh: string; en: string }) => (locale === "zh-CN" ? label.zh : label.en);
    return {
      status: (status: PlanTaskStatus) => pick(PLAN_TASK_STATUS_LABELS[status]),
      progressRule: (rule: ProgressRule) => pick(PROGRESS_RULE_LABELS[rule]),
      closeOutState: (state: CloseOutState) => pick(CLOSE_OUT_STATE_LABELS[state]),
      closeOutAction: (action: CloseOutAction) => pick(CLOSE_OUT_ACTION_LABELS[action]),
      supervisionKind: (kind: SupervisionKind) => pick(SUPERVISION_KIND_LABELS[kind]),
      targetVerdict: (verdict: TargetVerdict) => pick(TARGET_VERDICT_LABELS[verdict]),
      /** A bilingual name from the API ({ zh, en }). */
      name: (name: { zh: string; en: string }) => pick(name),
    };
  }, [locale]);
}
