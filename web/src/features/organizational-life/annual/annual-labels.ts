import { useCallback } from "react";
import { useT } from "../../../i18n/use-t";
import type { MessageKey } from "../../../i18n/zh-CN";
import type { RegistrationStatus } from "./annual-api";

/** A review grade's label (优秀, 合格, 基本合格, 不合格) in the current language; 未评定 for none. */
export function useGradeLabel(): (grade: string | null | undefined) => string {
  const t = useT();
  return useCallback(
    (grade) => {
      const key = `review.grade.${grade}` as MessageKey;
      return grade && key in GRADE_KEYS ? t(key) : t("review.ungraded");
    },
    [t],
  );
}

const GRADE_KEYS: Record<string, true> = {
  "review.grade.excellent": true,
  "review.grade.qualified": true,
  "review.grade.basically_qualified": true,
  "review.grade.unqualified": true,
};

const STATE_KEYS: Record<string, MessageKey> = {
  draft: "review.state.draft",
  branch_review: "review.state.draft",
  submitted: "review.state.submitted",
  awaiting_committee_approval: "review.state.submitted",
  approved: "review.state.approved",
  returned: "review.state.returned",
};

/** A branch review's state label; 未开始 for none, the code when unknown. */
export function useReviewStateLabel(): (state: string | null | undefined) => string {
  const t = useT();
  return useCallback(
    (state) => {
      if (!state) return t("annual.notStarted");
      const key = STATE_KEYS[state];
      return key ? t(key) : state;
    },
    [t],
  );
}

/** A registration status label; 待注册 for none. */
export function useRegistrationLabel(): (status: RegistrationStatus | null | undefined) => string {
  const t = useT();
  return useCallback((status) => (status ? t(`registration.${status}`) : t("registration.pending")), [t]);
}
