import type { Label } from "../dictionaries/dictionary";

/**
 * Kinds of entry in the electronic member archive (电子团员档案, domain.md §2): every event in a
 * member's life is a dated entry on one timeline, with who recorded it and when (issue 3 part 3).
 * Stored in `member_event.kind`.
 */
export const MEMBER_EVENT_KINDS = [
  "joined",
  "imported",
  "record_changed",
  "correction_requested",
  "correction_approved",
  "correction_returned",
  "status_change_requested",
  "status_change_returned",
  "status_change_cancelled",
  "aged_out",
  "lapsed",
  "withdrawn",
  "expelled",
  "restored",
  "flowing_started",
  "flowing_ended",
  "transfer_started",
  "transfer_finished",
  "transfer_step",
  "reviewed",
  "registered",
  "awarded",
  "punished",
  "recommended_to_party",
  "attachment_uploaded",
  "attachment_verified",
  "attachment_returned",
  "development_step",
] as const;

/** A kind of archive entry (see {@link MEMBER_EVENT_KINDS}). */
export type MemberEventKind = (typeof MEMBER_EVENT_KINDS)[number];

/** Display labels of {@link MEMBER_EVENT_KINDS}, for the timeline. */
export const MEMBER_EVENT_KIND_LABELS: Readonly<Record<MemberEventKind, Label>> = {
  joined: { zh: "入团", en: "Joined the League" },
  imported: { zh: "导入团员信息", en: "Record imported" },
  record_changed: { zh: "团员信息变更", en: "Record changed" },
  correction_requested: { zh: "申请更正锁定信息", en: "Correction requested" },
  correction_approved: { zh: "更正获批准", en: "Correction approved" },
  correction_returned: { zh: "更正申请被退回", en: "Correction returned" },
  status_change_requested: { zh: "申请变更团籍状态", en: "Status change requested" },
  status_change_returned: { zh: "团籍状态变更被退回", en: "Status change returned" },
  status_change_cancelled: { zh: "撤回团籍状态变更申请", en: "Status change request withdrawn" },
  aged_out: { zh: "满28周岁离团", en: "Aged out" },
  lapsed: { zh: "自行脱团除名", en: "Removed as lapsed" },
  withdrawn: { zh: "自愿退团", en: "Withdrew from the League" },
  expelled: { zh: "开除团籍", en: "Expelled" },
  restored: { zh: "恢复团籍", en: "Membership restored" },
  flowing_started: { zh: "转为流动团员", en: "Became a flowing member" },
  flowing_ended: { zh: "结束流动", en: "Flowing ended" },
  transfer_started: { zh: "发起组织关系转接", en: "Transfer started" },
  transfer_finished: { zh: "组织关系转接结束", en: "Transfer finished" },
  transfer_step: { zh: "组织关系转接环节", en: "Transfer step" },
  reviewed: { zh: "团员教育评议", en: "Education review" },
  registered: { zh: "团籍注册", en: "Annual registration" },
  awarded: { zh: "获得奖励", en: "Award" },
  punished: { zh: "受到处分", en: "Punishment" },
  recommended_to_party: { zh: "推优入党", en: "Recommended to the Party" },
  attachment_uploaded: { zh: "上传附件", en: "Attachment uploaded" },
  attachment_verified: { zh: "附件已认证", en: "Attachment verified" },
  attachment_returned: { zh: "附件被退回", en: "Attachment returned" },
  development_step: { zh: "入团发展环节", en: "Member development step" },
};

/** Whether `value` is one of {@link MEMBER_EVENT_KINDS} (type guard). */
export function isMemberEventKind(value: string): value is MemberEventKind {
  return (MEMBER_EVENT_KINDS as readonly string[]).includes(value);
}
