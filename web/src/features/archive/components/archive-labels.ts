import { useCallback } from "react";
import type { AttachmentKind, AttachmentVerification, AwardKind } from "../../../api/types";
import { useT } from "../../../i18n/use-t";
import type { MessageKey } from "../../../i18n/zh-CN";

const AWARD_KIND_KEYS: Readonly<Record<AwardKind, MessageKey>> = {
  league_award: "archive.kind.league_award",
  other_award: "archive.kind.other_award",
  punishment: "archive.kind.punishment",
};

const ATTACHMENT_KIND_KEYS: Readonly<Record<AttachmentKind, MessageKey>> = {
  application_form: "archive.attachmentKind.application_form",
  award_certificate: "archive.attachmentKind.award_certificate",
  other: "archive.attachmentKind.other",
};

const VERIFICATION_KEYS: Readonly<Record<AttachmentVerification, MessageKey>> = {
  pending: "archive.verification.pending",
  verified: "archive.verification.verified",
  returned: "archive.verification.returned",
  not_required: "archive.verification.not_required",
};

/** Labels of kinds and states of the archive, which the domain does not name (UI strings). */
export function useAwardKindLabel(): (kind: string) => string {
  const t = useT();
  return useCallback((kind) => (kind in AWARD_KIND_KEYS ? t(AWARD_KIND_KEYS[kind as AwardKind]) : kind), [t]);
}

export function useAttachmentKindLabel(): (kind: string) => string {
  const t = useT();
  return useCallback(
    (kind) => (kind in ATTACHMENT_KIND_KEYS ? t(ATTACHMENT_KIND_KEYS[kind as AttachmentKind]) : kind),
    [t],
  );
}

export function useVerificationLabel(): (state: string) => string {
  const t = useT();
  return useCallback(
    (state) => (state in VERIFICATION_KEYS ? t(VERIFICATION_KEYS[state as AttachmentVerification]) : state),
    [t],
  );
}
