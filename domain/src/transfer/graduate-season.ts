import { z } from "zod";
import { addDays, addMonths } from "../dates/iso-date";
import type { Label } from "../dictionaries/dictionary";
import { enumSchema, idSchema, isoDateSchema } from "../field-schemas";
import { MEMBER_STATUS_LABELS, type MemberStatus } from "../member/member-status";
import { GRADUATE_SEASON_DEADLINES, type TransferKind, type TransferReason } from "./transfer-workflow";

/**
 * The graduation season (毕业季, domain.md §4; issue 11 part 4): season settings per committee and
 * year, destination routing of a graduate, the checks of a class batch, and the dates of an unplaced
 * graduate's stay in a mobile members' branch 流动团员团支部 (6–12 months, a reminder before it ends).
 * Pure.
 */

/** Where a graduate goes (毕业去向). */
export const GRADUATE_DESTINATIONS = ["continuing_study", "employed", "unplaced"] as const;

/** A destination of {@link GRADUATE_DESTINATIONS}. */
export type GraduateDestination = (typeof GRADUATE_DESTINATIONS)[number];

/** Display labels of {@link GRADUATE_DESTINATIONS}. */
export const GRADUATE_DESTINATION_LABELS: Readonly<Record<GraduateDestination, Label>> = {
  continuing_study: { zh: "升学", en: "Continuing study" },
  employed: { zh: "就业", en: "Employed" },
  unplaced: { zh: "未就业", en: "Unplaced" },
};

/** Fewest and most months an unplaced graduate may stay in a mobile members' branch (domain.md §4). */
export const MOBILE_BRANCH_MONTHS = { min: 6, max: 12 } as const;

/** Days before a mobile members' branch stay ends that its reminder appears. */
export const MOBILE_BRANCH_REMINDER_DAYS = 30;

/** A committee's season settings for a year (毕业季设置): the three deadlines and the mobile-branch stay. */
export interface TransferSeasonSettings {
  year: number;
  /** Transfers initiated by (default 31 Aug). */
  initiatedBy: string;
  /** Approved by (default 30 Sep); after it, the automatic return of stale applications applies. */
  approvedBy: string;
  /** Completed by (default 31 Oct). */
  completedBy: string;
  /** Months an unplaced graduate may stay in a mobile members' branch, 6–12 (default 6). */
  mobileBranchMonths: number;
}

/** The default settings of a season (domain.md §4): 31 Aug / 30 Sep / 31 Oct, 6 months. */
export function defaultSeasonSettings(year: number): TransferSeasonSettings {
  return {
    year,
    initiatedBy: `${year}-${GRADUATE_SEASON_DEADLINES.initiatedBy}`,
    approvedBy: `${year}-${GRADUATE_SEASON_DEADLINES.approvedBy}`,
    completedBy: `${year}-${GRADUATE_SEASON_DEADLINES.doneBy}`,
    mobileBranchMonths: MOBILE_BRANCH_MONTHS.min,
  };
}

/**
 * The body of setting a season (PUT …/transfer-seasons/{year}): the deadlines in order (initiated ≤
 * approved ≤ completed), within the season's year or the next, and 6–12 months. 400 naming the field.
 */
export function transferSeasonInputSchema(year: number) {
  return z
    .strictObject({
      initiatedBy: isoDateSchema("发起截止日期"),
      approvedBy: isoDateSchema("审批截止日期"),
      completedBy: isoDateSchema("办结截止日期"),
      mobileBranchMonths: z
        .number({ error: "流动团员团支部保留月数：应为6至12的整数" })
        .int("流动团员团支部保留月数：应为6至12的整数")
        .min(MOBILE_BRANCH_MONTHS.min, "流动团员团支部保留月数：应为6至12的整数")
        .max(MOBILE_BRANCH_MONTHS.max, "流动团员团支部保留月数：应为6至12的整数"),
    })
    .superRefine((value, context) => {
      for (const field of ["initiatedBy", "approvedBy", "completedBy"] as const) {
        const dateYear = Number(value[field].slice(0, 4));
        if (dateYear !== year && dateYear !== year + 1) {
          context.addIssue({ code: "custom", path: [field], message: `截止日期：应在${year}年毕业季内` });
        }
      }
      if (value.approvedBy < value.initiatedBy) {
        context.addIssue({
          code: "custom",
          path: ["approvedBy"],
          message: "审批截止日期：不能早于发起截止日期",
        });
      }
      if (value.completedBy < value.approvedBy) {
        context.addIssue({
          code: "custom",
          path: ["completedBy"],
          message: "办结截止日期：不能早于审批截止日期",
        });
      }
    });
}

/** One graduate of a class batch and where they go (the organizations are the destination's, by id). */
export const graduateBatchRowSchema = z.strictObject({
  memberId: idSchema("团员"),
  destination: enumSchema("毕业去向", GRADUATE_DESTINATIONS),
  /** Continuing study: the new school's League organization. */
  schoolOrganizationId: idSchema("升入学校团组织").optional(),
  /** Employed: the employer's League organization, when it has one. */
  employerOrganizationId: idSchema("用人单位团组织").optional(),
  /** Employed at a unit without one: the township/street organization where it is. */
  townshipOrganizationId: idSchema("所在乡镇（街道）团组织").optional(),
  /** Unplaced: the residence township's organization … */
  residenceOrganizationId: idSchema("户籍（居住）地团组织").optional(),
  /** … or a mobile members' branch 流动团员团支部 for 6–12 months. */
  mobileBranchId: idSchema("流动团员团支部").optional(),
});

/** A row of {@link graduateBatchRowSchema}. */
export type GraduateBatchRow = z.infer<typeof graduateBatchRowSchema>;

/** The body of a class batch: the start date and one row per graduate (1–500). */
export const graduateBatchSchema = z.strictObject({
  startedOn: isoDateSchema("申请日期"),
  rows: z
    .array(graduateBatchRowSchema, { error: "毕业生：应为列表" })
    .min(1, "毕业生：至少一名")
    .max(500, "毕业生：一次最多500名"),
});

/** Where a graduate is routed: a transfer to an organization, or a stay in a mobile members' branch. */
export type GraduateRoute =
  | { kind: "transfer"; toOrganizationId: number; reason: TransferReason; transferKind: TransferKind }
  | { kind: "mobile_branch"; mobileBranchId: number };

/**
 * Destination routing (domain.md §4): continuing study → the new school's organization (升学衔接);
 * employed → the employer's organization, or the township/street one where it has none (学社衔接);
 * unplaced → the residence township (学社衔接) or a mobile members' branch. A row naming none of its
 * destination's organizations is refused with the field at fault.
 */
export function routeGraduate(
  row: GraduateBatchRow,
): { ok: true; route: GraduateRoute } | { ok: false; field: string; message: string } {
  switch (row.destination) {
    case "continuing_study":
      return row.schoolOrganizationId === undefined
        ? { ok: false, field: "schoolOrganizationId", message: "升学：须指定升入学校的团组织" }
        : {
            ok: true,
            route: {
              kind: "transfer",
              toOrganizationId: row.schoolOrganizationId,
              reason: "further_study",
              transferKind: "school_to_school",
            },
          };
    case "employed":
      if (row.employerOrganizationId !== undefined) {
        return {
          ok: true,
          route: {
            kind: "transfer",
            toOrganizationId: row.employerOrganizationId,
            reason: "employed_with_league_organization",
            transferKind: "school_to_society",
          },
        };
      }
      return row.townshipOrganizationId === undefined
        ? {
            ok: false,
            field: "employerOrganizationId",
            message: "就业：须指定用人单位团组织，单位未建团组织的指定所在乡镇（街道）团组织",
          }
        : {
            ok: true,
            route: {
              kind: "transfer",
              toOrganizationId: row.townshipOrganizationId,
              reason: "employed_without_league_organization",
              transferKind: "school_to_society",
            },
          };
    case "unplaced":
      if (row.residenceOrganizationId !== undefined) {
        return {
          ok: true,
          route: {
            kind: "transfer",
            toOrganizationId: row.residenceOrganizationId,
            reason: "moved_residence",
            transferKind: "school_to_society",
          },
        };
      }
      return row.mobileBranchId === undefined
        ? {
            ok: false,
            field: "residenceOrganizationId",
            message: "未就业：须指定户籍（居住）地团组织或流动团员团支部",
          }
        : { ok: true, route: { kind: "mobile_branch", mobileBranchId: row.mobileBranchId } };
  }
}

/** What the server found about a batch row's member and destination, for {@link batchRowProblems}. */
export interface BatchRowFacts {
  /** The member as found in the actor's scope; null when missing or outside it. */
  member: {
    name: string;
    status: MemberStatus;
    /** The member's branch is the batch's class branch. */
    inClass: boolean;
    hasOpenTransfer: boolean;
    hasOpenFlow: boolean;
  } | null;
  /** The routed organization: exists and is where a member may land (a branch, or a committee that assigns one). */
  destination: { ok: true } | { ok: false; message: string } | null;
}

/** A refused row of a batch: its 0-based index, the field and a message naming the row (第N行). */
export interface BatchRowProblem {
  index: number;
  field: string;
  message: string;
}

/**
 * Every problem of a class batch at once (the whole batch is refused when there is any; issue 11
 * "bad input"): a member missing or outside the actor's scope, twice in the batch, not a graduate of
 * the class, not active, already in an open transfer or flow; a destination missing or unfit. Rows
 * are numbered from 1 in the messages; a member outside the scope is named by id only.
 */
export function batchRowProblems(
  rows: readonly GraduateBatchRow[],
  factsOf: (row: GraduateBatchRow, route: GraduateRoute | null) => BatchRowFacts,
): BatchRowProblem[] {
  const problems: BatchRowProblem[] = [];
  const seen = new Set<number>();
  rows.forEach((row, index) => {
    const routed = routeGraduate(row);
    const facts = factsOf(row, routed.ok ? routed.route : null);
    const who = facts.member ? `（${facts.member.name}）` : "";
    const add = (field: string, message: string) =>
      problems.push({
        index,
        field: `rows.${index}.${field}`,
        message: `第${index + 1}行${who}：${message}`,
      });
    if (seen.has(row.memberId)) add("memberId", "同一团员重复出现");
    seen.add(row.memberId);
    if (facts.member === null) {
      add("memberId", `团员（编号${row.memberId}）不存在或不在您的管理范围内`);
    } else {
      if (!facts.member.inClass) add("memberId", "不是本班（团支部）的毕业生");
      if (facts.member.status !== "active") {
        add(
          "memberId",
          `状态为“${MEMBER_STATUS_LABELS[facts.member.status].zh}”，只有正常状态的团员可以转接`,
        );
      }
      if (facts.member.hasOpenTransfer) add("memberId", "已有办理中的组织关系转接");
      if (facts.member.hasOpenFlow) add("memberId", "已登记为流动团员");
    }
    if (!routed.ok) add(routed.field, routed.message);
    else if (facts.destination !== null && !facts.destination.ok)
      add(fieldOfRoute(row), facts.destination.message);
  });
  return problems;
}

function fieldOfRoute(row: GraduateBatchRow): string {
  if (row.destination === "continuing_study") return "schoolOrganizationId";
  if (row.destination === "employed") {
    return row.employerOrganizationId !== undefined ? "employerOrganizationId" : "townshipOrganizationId";
  }
  return row.residenceOrganizationId !== undefined ? "residenceOrganizationId" : "mobileBranchId";
}

/** When a mobile members' branch stay that began `since` ends: `months` (6–12) later. */
export function mobileBranchUntil(since: string, months: number): string {
  if (!Number.isInteger(months) || months < MOBILE_BRANCH_MONTHS.min || months > MOBILE_BRANCH_MONTHS.max) {
    throw new RangeError(`mobile branch months must be 6–12, got ${months}`);
  }
  return addMonths(since, months);
}

/** The day the reminder of a stay ending `until` appears: {@link MOBILE_BRANCH_REMINDER_DAYS} before. */
export function mobileBranchReminderOn(until: string): string {
  return addDays(until, -MOBILE_BRANCH_REMINDER_DAYS);
}

/**
 * The reminder state of an open flow on `today`: "expired" on or after `until`, "due" from the
 * reminder day, else "none"; "none" for an open-ended flow (`until` null).
 */
export function mobileBranchReminder(until: string | null, today: string): "none" | "due" | "expired" {
  if (until === null) return "none";
  if (today >= until) return "expired";
  return today >= mobileBranchReminderOn(until) ? "due" : "none";
}

/** Days an open transfer has waited at its step on `today` (0 on the day it arrived). */
export function daysAtStep(since: string, today: string): number {
  return Math.max(
    0,
    Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${since}T00:00:00Z`)) / 86_400_000),
  );
}
