import { z } from "zod";
import { addDays, compareIsoDates } from "../dates/iso-date";
import type { Label } from "../dictionaries/dictionary";
import { DomainError } from "../errors";
import { enumSchema, idSchema, isoDateSchema, textSchema } from "../field-schemas";
import { detectAcceptedImageType } from "../files/image-type";

/**
 * Organizational life 组织生活 (三会两制一课 and theme days; domain.md §5; issue 12 part 1): the kinds of
 * meeting, the attendance rules (every attendee on the branch roll, an absence with a reason, never
 * dated after today in China), 团课 class hours per attendee, the middle-school League school's
 * ≥ 6 sessions a year (Wangcang task 18) and the silent-branch reminder (no meeting for N weeks). Pure.
 */

/** Kinds of meeting: the three meetings (三会), the class (一课), theme days and League-school sessions. */
export const MEETING_KINDS = [
  "general_meeting",
  "committee_meeting",
  "group_meeting",
  "league_class",
  "theme_day",
  "league_school_session",
] as const;

/** A kind of {@link MEETING_KINDS}. */
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** Display labels of {@link MEETING_KINDS} (domain.md §5). */
export const MEETING_KIND_LABELS: Readonly<Record<MeetingKind, Label>> = {
  general_meeting: { zh: "支部团员大会", en: "Branch general meeting" },
  committee_meeting: { zh: "支委会", en: "Branch committee meeting" },
  group_meeting: { zh: "团小组会", en: "Group meeting" },
  league_class: { zh: "团课", en: "League class" },
  theme_day: { zh: "主题团日", en: "Theme day" },
  league_school_session: { zh: "中学团校", en: "Middle-school League school session" },
};

/** Attendance of one member at a meeting. */
export const ATTENDANCE_STATUSES = ["present", "absent"] as const;

/** A status of {@link ATTENDANCE_STATUSES}. */
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** Display labels of {@link ATTENDANCE_STATUSES}. */
export const ATTENDANCE_STATUS_LABELS: Readonly<Record<AttendanceStatus, Label>> = {
  present: { zh: "出席", en: "Present" },
  absent: { zh: "缺席", en: "Absent" },
};

/** Fewest middle-school League school sessions 中学团校 a school branch holds a year (Wangcang task 18). */
export const LEAGUE_SCHOOL_SESSIONS_PER_YEAR = 6;

/** Weeks without any meeting after which a branch is "silent" and reminded (issue 12 part 1; configurable). */
export const DEFAULT_SILENT_WEEKS = 8;

/** Fewest and most weeks a silent-branch query accepts. */
export const SILENT_WEEKS_RANGE = { min: 1, max: 104 } as const;

/** Most class hours one 团课 may record (hours, one decimal). */
export const MAX_CLASS_HOURS = 24;

/** One attendee of a meeting as entered: present, or absent with a reason. */
export const attendanceEntrySchema = z
  .object({
    memberId: idSchema("团员"),
    status: enumSchema("出席情况", ATTENDANCE_STATUSES),
    absenceReason: textSchema("缺席原因", 200).nullish(),
  })
  .superRefine((entry, context) => {
    if (entry.status === "absent" && !entry.absenceReason) {
      context.addIssue({ code: "custom", path: ["absenceReason"], message: "缺席原因：缺席须填写原因" });
    }
  });

/** An attendee of {@link attendanceEntrySchema}. */
export type AttendanceEntry = z.infer<typeof attendanceEntrySchema>;

/** The attendance list of a meeting: at most 1,000 members, each once. */
export const attendanceListSchema = z
  .array(attendanceEntrySchema, { error: "参会人员：应为列表" })
  .max(1000, { error: "参会人员：不能超过1000人" })
  .superRefine((entries, context) => {
    const seen = new Set<number>();
    entries.forEach((entry, index) => {
      if (seen.has(entry.memberId)) {
        context.addIssue({
          code: "custom",
          path: [index, "memberId"],
          message: "参会人员：同一团员重复出现",
        });
      }
      seen.add(entry.memberId);
    });
  });

/** Class hours of a 团课: 0.5 to {@link MAX_CLASS_HOURS}, in steps of 0.1. */
export const classHoursSchema = z
  .number({ error: "学时：应为数字" })
  .positive({ error: "学时：应大于0" })
  .max(MAX_CLASS_HOURS, { error: `学时：不能超过${MAX_CLASS_HOURS}` })
  .refine((hours) => Math.abs(Math.round(hours * 10) - hours * 10) < 1e-9, { error: "学时：最多一位小数" });

/** The fields of a meeting a secretary enters (POST /organizations/{id}/meetings; PATCH takes them partially). */
export const meetingFieldsSchema = z.object({
  kind: enumSchema("会议类型", MEETING_KINDS),
  heldOn: isoDateSchema("召开日期"),
  topic: textSchema("主题", 200),
  minutes: z
    .string({ error: "会议记录：应为文本" })
    .max(20000, { error: "会议记录：不能超过20000个字符" })
    .default(""),
  classHours: classHoursSchema.nullish(),
});

/** A new meeting with its attendance. */
export const meetingInputSchema = meetingFieldsSchema
  .extend({ attendance: attendanceListSchema.default([]) })
  .superRefine((input, context) => checkClassHours(input.kind, input.classHours ?? null, context));

/** A new meeting of {@link meetingInputSchema}. */
export type MeetingInput = z.infer<typeof meetingInputSchema>;

function checkClassHours(
  kind: MeetingKind,
  classHours: number | null,
  context: { addIssue: (issue: { code: "custom"; path: string[]; message: string }) => void },
): void {
  if (kind === "league_class" && classHours === null) {
    context.addIssue({ code: "custom", path: ["classHours"], message: "学时：团课须填写学时" });
  }
  if (kind !== "league_class" && classHours !== null) {
    context.addIssue({ code: "custom", path: ["classHours"], message: "学时：只有团课记录学时" });
  }
}

/**
 * The class hours a meeting records: its hours for a 团课, null for any other kind.
 * @throws DomainError 400 "invalid_input" (field classHours) when a 团课 has none or another kind has some.
 */
export function requireClassHours(kind: MeetingKind, classHours: number | null | undefined): number | null {
  const hours = classHours ?? null;
  if (kind === "league_class" && hours === null) {
    throw new DomainError("invalid_input", "学时：团课须填写学时", { status: 400, field: "classHours" });
  }
  if (kind !== "league_class" && hours !== null) {
    throw new DomainError("invalid_input", "学时：只有团课记录学时", { status: 400, field: "classHours" });
  }
  return hours;
}

/**
 * A meeting may not be dated after today (China date): `heldOn` ≤ `today`.
 * @param heldOn "YYYY-MM-DD"; @param today today in China, "YYYY-MM-DD".
 * @throws DomainError 400 "meeting_in_future" (field heldOn). Source: issue 12 "Bad input".
 */
export function assertMeetingNotInFuture(heldOn: string, today: string): void {
  if (compareIsoDates(heldOn, today) > 0) {
    throw new DomainError("meeting_in_future", `召开日期：不能晚于今天（${today}）`, {
      status: 400,
      field: "heldOn",
    });
  }
}

/** A member of the branch roll: id and name (for naming an attendee who is not on it). */
export interface RollMember {
  id: number;
  name: string;
}

/**
 * Every attendee must be on the branch roll (the branch's current members). Returns nothing when all
 * are; otherwise throws naming the first outsider (by name when known, else id).
 * @param attendance the entered list; @param roll the branch's current members;
 * @param names names of the attendees not on the roll, when the caller could find them.
 * @throws DomainError 400 "attendee_not_on_roll" (field attendance.{i}.memberId). Source: issue 12 "Bad input".
 */
export function assertAttendeesOnRoll(
  attendance: readonly Pick<AttendanceEntry, "memberId">[],
  roll: readonly RollMember[],
  names: ReadonlyMap<number, string> = new Map(),
): void {
  const onRoll = new Set(roll.map((member) => member.id));
  const index = attendance.findIndex((entry) => !onRoll.has(entry.memberId));
  if (index < 0) return;
  const memberId = attendance[index]?.memberId ?? 0;
  const who = names.get(memberId) ?? `编号 ${memberId}`;
  throw new DomainError("attendee_not_on_roll", `参会人员：${who} 不在本支部团员名册中`, {
    status: 400,
    field: `attendance.${index}.memberId`,
  });
}

/**
 * 团课 class hours per attendee: the sum of the hours of each 团课 a member was present at (feeding
 * the development points scheme). Absent members earn nothing.
 * @returns member id → hours (one decimal).
 */
export function classHoursPerAttendee(
  meetings: readonly {
    kind: MeetingKind;
    classHours: number | null;
    attendance: readonly { memberId: number; status: AttendanceStatus }[];
  }[],
): Map<number, number> {
  const hours = new Map<number, number>();
  for (const meeting of meetings) {
    if (meeting.kind !== "league_class" || meeting.classHours === null) continue;
    for (const entry of meeting.attendance) {
      if (entry.status !== "present") continue;
      hours.set(
        entry.memberId,
        Math.round(((hours.get(entry.memberId) ?? 0) + meeting.classHours) * 10) / 10,
      );
    }
  }
  return hours;
}

/** A school branch's League-school sessions of a year against the minimum (Wangcang task 18). */
export interface LeagueSchoolProgress {
  sessions: number;
  required: number;
  shortfall: number;
  met: boolean;
}

/** How a year's League-school session count stands against ≥ {@link LEAGUE_SCHOOL_SESSIONS_PER_YEAR}. */
export function leagueSchoolProgress(sessions: number): LeagueSchoolProgress {
  const required = LEAGUE_SCHOOL_SESSIONS_PER_YEAR;
  const shortfall = Math.max(0, required - sessions);
  return { sessions, required, shortfall, met: shortfall === 0 };
}

/**
 * The first day a meeting must fall on or after for a branch not to be silent: today − 7·weeks days.
 * @param weeks 1–104 (default {@link DEFAULT_SILENT_WEEKS}).
 */
export function silentCutoff(today: string, weeks: number = DEFAULT_SILENT_WEEKS): string {
  if (!Number.isInteger(weeks) || weeks < SILENT_WEEKS_RANGE.min || weeks > SILENT_WEEKS_RANGE.max) {
    throw new DomainError(
      "invalid_input",
      `周数：应为${SILENT_WEEKS_RANGE.min}到${SILENT_WEEKS_RANGE.max}的整数`,
      {
        status: 400,
        field: "weeks",
      },
    );
  }
  return addDays(today, -7 * weeks);
}

/**
 * Whether a branch is silent (no meeting for `weeks` weeks): its last meeting is before
 * {@link silentCutoff}, or it never met. Issue 12 part 1 ("reminders when a branch has had no meeting for N weeks").
 */
export function isSilentBranch(
  lastHeldOn: string | null,
  today: string,
  weeks: number = DEFAULT_SILENT_WEEKS,
): boolean {
  if (lastHeldOn === null) return true;
  return compareIsoDates(lastHeldOn, silentCutoff(today, weeks)) < 0;
}

/** Whole weeks since `lastHeldOn` (null when the branch never met). */
export function weeksSince(lastHeldOn: string | null, today: string): number | null {
  if (lastHeldOn === null) return null;
  const days = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${lastHeldOn}T00:00:00Z`)) / 86_400_000;
  return Math.max(0, Math.floor(days / 7));
}

/** The photo types a meeting accepts (read from the bytes). */
export const MEETING_PHOTO_MEDIA_TYPES = ["image/png", "image/jpeg"] as const;

/** Largest meeting photo, bytes (10 MB). */
export const MAX_MEETING_PHOTO_BYTES = 10 * 1024 * 1024;

/** The image type of a photo from its first bytes (PNG or JPEG signature), or null. */
export function detectMeetingPhotoType(bytes: Uint8Array): (typeof MEETING_PHOTO_MEDIA_TYPES)[number] | null {
  return detectAcceptedImageType(bytes, MEETING_PHOTO_MEDIA_TYPES);
}
