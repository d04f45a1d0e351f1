import type { AttachmentKind, AwardKind } from "../../../api/types";

/** The kinds of attachment and of award, in the order the forms offer them (the API's enums). */
export const ATTACHMENT_KINDS = [
  "application_form",
  "award_certificate",
  "other",
] as const satisfies readonly AttachmentKind[];

export const AWARD_KINDS = [
  "league_award",
  "other_award",
  "punishment",
] as const satisfies readonly AwardKind[];
