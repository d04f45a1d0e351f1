import type { Label } from "../dictionaries/dictionary";

/**
 * Membership status (团籍状态) (domain.md §2): active 正常, transferring 转接中 (a transfer is under
 * way; the member stays in the old branch until it completes), flowing 流动 (migrant member),
 * aged_out 满28周岁离团, lapsed 自行脱团, withdrawn 自愿退团, expelled 开除团籍, and transferred_out
 * 转出本系统 (the relation went to an organization tuanwu does not hold, with an introduction letter
 * 组织关系介绍信, domain.md §4; still a League member, but no longer this installation's: not counted).
 */
export const MEMBER_STATUSES = [
  "active",
  "transferring",
  "flowing",
  "aged_out",
  "lapsed",
  "withdrawn",
  "expelled",
  "transferred_out",
] as const;

/** A membership status (see {@link MEMBER_STATUSES}). */
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** Display labels of {@link MEMBER_STATUSES}. */
export const MEMBER_STATUS_LABELS: Readonly<Record<MemberStatus, Label>> = {
  active: { zh: "正常", en: "Active" },
  transferring: { zh: "转接中", en: "Transferring" },
  flowing: { zh: "流动", en: "Flowing (migrant)" },
  aged_out: { zh: "满28周岁离团", en: "Aged out (28)" },
  lapsed: { zh: "自行脱团", en: "Lapsed" },
  withdrawn: { zh: "自愿退团", en: "Withdrawn" },
  expelled: { zh: "开除团籍", en: "Expelled" },
  transferred_out: { zh: "转出本系统", en: "Transferred out" },
};

/**
 * Statuses of people who are still members and are counted as such: active, transferring, flowing
 * (API contract: member counts are of these unless broken down by status).
 */
export const CURRENT_MEMBER_STATUSES = [
  "active",
  "transferring",
  "flowing",
] as const satisfies readonly MemberStatus[];

/**
 * Statuses of people who have left the League: aged out, lapsed, withdrawn, expelled. Entering one
 * passes a review by the higher committee; membership can be restored (恢复团籍) into a branch
 * (domain.md §2).
 */
export const FORMER_MEMBER_STATUSES = [
  "aged_out",
  "lapsed",
  "withdrawn",
  "expelled",
] as const satisfies readonly MemberStatus[];

/**
 * Statuses of people whose relation left the installation (转出本系统, domain.md §4): still League
 * members, kept with their archive where they were, but neither current here nor former members.
 */
export const DEPARTED_MEMBER_STATUSES = ["transferred_out"] as const satisfies readonly MemberStatus[];

/** Whether `value` is one of {@link MEMBER_STATUSES} (type guard). */
export function isMemberStatus(value: string): value is MemberStatus {
  return (MEMBER_STATUSES as readonly string[]).includes(value);
}

/** Whether a member in this status is still a member and counted (see {@link CURRENT_MEMBER_STATUSES}). */
export function isCurrentMemberStatus(status: MemberStatus): boolean {
  return (CURRENT_MEMBER_STATUSES as readonly MemberStatus[]).includes(status);
}
