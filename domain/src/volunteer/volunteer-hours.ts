import type { PrerequisiteSource } from "../application/points-scheme";
import { addDays } from "../dates/iso-date";
import { DomainError } from "../errors";

/**
 * 志愿服务时长 — volunteer hours (domain.md §7; issue 14 part 3): hours from a check-in and a check-out,
 * approval by the recording organization only, a public notice 公示 of at least 7 days after approval
 * before a numbered certificate, and the hours as an input of the development points scheme
 * (积分入团: ≥ 20 volunteer hours in the year, Taiyuan bulletin 2021-13).
 */

/** The statuses of a volunteer record: 待审核, 已通过, 未通过. */
export const VOLUNTEER_RECORD_STATUSES = ["recorded", "approved", "rejected"] as const;

/** A status of {@link VOLUNTEER_RECORD_STATUSES}. */
export type VolunteerRecordStatus = (typeof VOLUNTEER_RECORD_STATUSES)[number];

/** Chinese labels of the record statuses. */
export const VOLUNTEER_RECORD_STATUS_LABELS: Readonly<Record<VolunteerRecordStatus, string>> = {
  recorded: "待审核",
  approved: "已通过",
  rejected: "未通过",
};

/** The decisions on a record and the status each leads to; both only from "recorded". */
export const VOLUNTEER_DECISIONS = { approve: "approved", reject: "rejected" } as const;

/** A decision of {@link VOLUNTEER_DECISIONS}. */
export type VolunteerDecision = keyof typeof VOLUNTEER_DECISIONS;

/**
 * The status a decision leads to, or a 409 when the record was already decided (a second approver, or
 * a decision on a rejected record): "志愿时长：已审核，不能再次审核".
 */
export function decideVolunteerRecord(
  status: VolunteerRecordStatus,
  decision: VolunteerDecision,
): VolunteerRecordStatus {
  if (status !== "recorded") {
    throw new DomainError(
      "volunteer_record_decided",
      `志愿时长：已${VOLUNTEER_RECORD_STATUS_LABELS[status]}，不能再次审核`,
      {
        status: 409,
      },
    );
  }
  return VOLUNTEER_DECISIONS[decision];
}

/** Hours are counted in steps of half an hour. */
export const VOLUNTEER_HOURS_STEP = 0.5;
/** The most hours one record may count, whatever the shift (a day). */
export const VOLUNTEER_MAX_HOURS_PER_SHIFT = 24;

const HOUR_MS = 3_600_000;

/** `hours` rounded to the nearest half hour (15 minutes and more round up): 1.24 → 1, 1.25 → 1.5. */
export function roundToHalfHour(hours: number): number {
  return Math.round(hours * 2 + 1e-9) / 2;
}

/** The most hours a shift lets one record count: its length rounded down to a half hour, at most 24. */
export function shiftHourCap(shift: { startsAt: Date; endsAt: Date }): number {
  const length = (shift.endsAt.getTime() - shift.startsAt.getTime()) / HOUR_MS;
  return Math.min(VOLUNTEER_MAX_HOURS_PER_SHIFT, Math.max(0, Math.floor(length * 2 + 1e-9) / 2));
}

/**
 * A volunteer's hours on a shift (计时): check-out minus check-in, rounded to the nearest half hour, at
 * most the shift's own length ({@link shiftHourCap}) — arriving early or leaving late adds nothing.
 * Errors (400): check-out not after check-in (field checkedOutAt); check-in more than a day before the
 * shift starts or check-out more than a day after it ends (field checkedInAt / checkedOutAt: a wrong date).
 */
export function volunteerHours(
  times: { checkedInAt: Date; checkedOutAt: Date },
  shift: { startsAt: Date; endsAt: Date },
): number {
  const checkedIn = times.checkedInAt.getTime();
  const checkedOut = times.checkedOutAt.getTime();
  if (checkedOut <= checkedIn) {
    throw new DomainError("invalid_input", "签退时间：应晚于签到时间", {
      field: "checkedOutAt",
      status: 400,
    });
  }
  if (checkedIn < shift.startsAt.getTime() - 24 * HOUR_MS || checkedIn > shift.endsAt.getTime()) {
    throw new DomainError("invalid_input", "签到时间：应在班次开始前一天至班次结束之间", {
      field: "checkedInAt",
      status: 400,
    });
  }
  if (checkedOut > shift.endsAt.getTime() + 24 * HOUR_MS) {
    throw new DomainError("invalid_input", "签退时间：应在班次结束后一天之内", {
      field: "checkedOutAt",
      status: 400,
    });
  }
  return Math.min(roundToHalfHour((checkedOut - checkedIn) / HOUR_MS), shiftHourCap(shift));
}

/**
 * Approval only by the recording organization (issue 14 "hours approved by an organization that did not
 * record them"): the acting user must hold a role granting the approval at the organization that
 * recorded the hours itself — a committee above it sees the record but does not approve it. A role on
 * the whole tree (system administrator, `null`) may act for any organization.
 * @param grants the organizations (null: whole tree) where the actor's roles grant the permission.
 * @throws DomainError 403 not_recording_organization.
 */
export function assertRecordingOrganization(
  recordingOrganizationId: number,
  grants: readonly (number | null)[],
): void {
  if (
    grants.some((organizationId) => organizationId === null || organizationId === recordingOrganizationId)
  ) {
    return;
  }
  throw new DomainError("not_recording_organization", "志愿时长：只能由记录该时长的组织审核", {
    status: 403,
  });
}

/** The public-notice period 公示期 after approval, in days, before a certificate may be issued. */
export const VOLUNTEER_NOTICE_DAYS = 7;

/** The last day of the public notice of hours approved on `approvedOn`: 7 days after it ("YYYY-MM-DD"). */
export function volunteerNoticeUntil(approvedOn: string): string {
  return addDays(approvedOn, VOLUNTEER_NOTICE_DAYS);
}

/**
 * Whether a certificate may be issued `today`: the record is approved and the notice period has run
 * (`today` ≥ notice_until, i.e. at least 7 days after approval). Errors: 422 volunteer_not_approved
 * ("志愿证书：时长尚未审核通过"), 422 notice_period ("志愿证书：公示期至2026-12-13，期满后方可发放").
 */
export function assertCertificateAllowed(
  record: { status: VolunteerRecordStatus; noticeUntil: string | null },
  today: string,
): void {
  if (record.status !== "approved" || record.noticeUntil === null) {
    throw new DomainError("volunteer_not_approved", "志愿证书：时长尚未审核通过", { status: 422 });
  }
  if (today < record.noticeUntil) {
    throw new DomainError("notice_period", `志愿证书：公示期至${record.noticeUntil}，期满后方可发放`, {
      status: 422,
    });
  }
}

/** The prefix of a volunteer certificate number (志愿服务证明编号). */
export const VOLUNTEER_CERTIFICATE_PREFIX = "ZY";

/** A certificate number: "ZY-YYYYMMDD-NNNNNN" (issue date, the record's id, at least 6 digits). */
export const VOLUNTEER_CERTIFICATE_NUMBER_PATTERN = /^ZY-(\d{4})(\d{2})(\d{2})-(\d{6,})$/;

/**
 * The certificate number of record `recordId` issued on `issuedOn`: 2026-12-13, record 42 →
 * "ZY-20261213-000042". Unique because the record's id is (and the column's unique index holds it).
 */
export function volunteerCertificateNumber(issuedOn: string, recordId: number): string {
  return `${VOLUNTEER_CERTIFICATE_PREFIX}-${issuedOn.replaceAll("-", "")}-${String(recordId).padStart(6, "0")}`;
}

/** Whether `text` is a certificate number in the format of {@link volunteerCertificateNumber}. */
export function isVolunteerCertificateNumber(text: string): boolean {
  return VOLUNTEER_CERTIFICATE_NUMBER_PATTERN.test(text);
}

/** The calendar date in China ("YYYY-MM-DD", UTC+8, no daylight saving) of an instant. */
export function chinaDateOf(instant: Date): string {
  return new Date(instant.getTime() + 8 * HOUR_MS).toISOString().slice(0, 10);
}

/**
 * The prerequisite fact approved hours give an applicant's development record (积分入团, issue 10
 * part 3), in the shape of an `applicant_prerequisite_record`: source "volunteer_hours_in_year", the
 * hours as units, dated the day the volunteer checked in (China time), origin "volunteer". The points
 * scheme itself is unchanged: its "volunteer" item reads that source for the year.
 */
export function volunteerPrerequisiteFact(record: { hours: number; checkedInAt: Date }): {
  item: PrerequisiteSource;
  units: number;
  occurredOn: string;
  origin: "volunteer";
} {
  return {
    item: "volunteer_hours_in_year",
    units: record.hours,
    occurredOn: chinaDateOf(record.checkedInAt),
    origin: "volunteer",
  };
}

/**
 * Hours per year from a volunteer's approved records (我的志愿时长): year → total hours, the year of
 * each record's check-in in China; rejected and pending records count nothing.
 */
export function approvedHoursByYear(
  records: readonly { status: VolunteerRecordStatus; hours: number | null; checkedInAt: Date | null }[],
): Map<number, number> {
  const totals = new Map<number, number>();
  for (const record of records) {
    if (record.status !== "approved" || record.hours === null || record.checkedInAt === null) continue;
    const year = Number(chinaDateOf(record.checkedInAt).slice(0, 4));
    totals.set(year, Math.round(((totals.get(year) ?? 0) + record.hours) * 100) / 100);
  }
  return totals;
}
