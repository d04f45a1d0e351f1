import { describe, expect, it } from "vitest";
import {
  approvedHoursByYear,
  assertCertificateAllowed,
  assertRecordingOrganization,
  chinaDateOf,
  decideVolunteerRecord,
  isVolunteerCertificateNumber,
  roundToHalfHour,
  shiftHourCap,
  VOLUNTEER_RECORD_STATUSES,
  volunteerCertificateNumber,
  volunteerHours,
  volunteerNoticeUntil,
  volunteerPrerequisiteFact,
} from "./volunteer-hours";

const at = (time: string) => new Date(`2026-12-06T${time}:00+08:00`);
const shift = { startsAt: at("09:00"), endsAt: at("12:00") };

describe("roundToHalfHour", () => {
  it.each([
    [0, 0],
    [0.24, 0],
    [0.25, 0.5],
    [1.24, 1],
    [1.25, 1.5],
    [1.74, 1.5],
    [1.75, 2],
    [2.5, 2.5],
  ])("%d h → %d h", (hours, rounded) => {
    expect(roundToHalfHour(hours)).toBe(rounded);
  });
});

describe("shiftHourCap", () => {
  it.each([
    ["09:00", "12:00", 3],
    ["09:00", "12:20", 3],
    ["09:00", "12:30", 3.5],
    ["09:00", "09:10", 0],
  ])("%s–%s → %d h", (start, end, cap) => {
    expect(shiftHourCap({ startsAt: at(start), endsAt: at(end) })).toBe(cap);
  });

  it("caps a long shift at 24 hours", () => {
    expect(
      shiftHourCap({ startsAt: at("09:00"), endsAt: new Date(at("09:00").getTime() + 50 * 3_600_000) }),
    ).toBe(24);
  });
});

describe("volunteerHours", () => {
  it.each([
    ["on time", "09:00", "12:00", 3],
    ["rounded down", "09:05", "11:10", 2],
    ["rounded up", "09:00", "10:45", 2],
    ["half hour", "09:00", "10:29", 1.5],
    ["early and late, capped at the shift", "08:00", "13:00", 3],
    ["a quarter hour", "09:00", "09:15", 0.5],
    ["ten minutes", "09:00", "09:10", 0],
  ])("%s: %s–%s → %d h", (_name, checkedIn, checkedOut, hours) => {
    expect(volunteerHours({ checkedInAt: at(checkedIn), checkedOutAt: at(checkedOut) }, shift)).toBe(hours);
  });

  it.each([
    ["check-out before check-in", at("11:00"), at("10:00"), "checkedOutAt", "签退时间：应晚于签到时间"],
    ["check-out equal to check-in", at("10:00"), at("10:00"), "checkedOutAt", "签退时间：应晚于签到时间"],
    ["check-in after the shift", at("12:30"), at("13:00"), "checkedInAt", undefined],
    [
      "check-in two days early",
      new Date(at("09:00").getTime() - 48 * 3_600_000),
      at("10:00"),
      "checkedInAt",
      undefined,
    ],
    [
      "check-out two days late",
      at("09:00"),
      new Date(at("12:00").getTime() + 48 * 3_600_000),
      "checkedOutAt",
      "签退时间：应在班次结束后一天之内",
    ],
  ])("%s → 400 on %s", (_name, checkedInAt, checkedOutAt, field, message) => {
    expect(() => volunteerHours({ checkedInAt, checkedOutAt }, shift)).toThrow(
      expect.objectContaining({ status: 400, field, ...(message ? { message } : {}) }),
    );
  });
});

describe("decideVolunteerRecord", () => {
  for (const status of VOLUNTEER_RECORD_STATUSES) {
    for (const decision of ["approve", "reject"] as const) {
      if (status === "recorded") {
        it(`${decision} a recorded record → ${decision}d`, () => {
          expect(decideVolunteerRecord(status, decision)).toBe(
            decision === "approve" ? "approved" : "rejected",
          );
        });
      } else {
        it(`${decision} a ${status} record → 409`, () => {
          expect(() => decideVolunteerRecord(status, decision)).toThrow(
            expect.objectContaining({ status: 409, code: "volunteer_record_decided" }),
          );
        });
      }
    }
  }
});

describe("assertRecordingOrganization", () => {
  it.each([
    ["the recording organization", 7, [7], true],
    ["one of several grants", 7, [3, 7], true],
    ["a whole-tree role", 7, [null], true],
    ["a committee above", 7, [3], false],
    ["no grant", 7, [], false],
  ] as const)("%s → %s", (_name, recording, grants, allowed) => {
    const call = () => assertRecordingOrganization(recording, grants);
    if (allowed) expect(call).not.toThrow();
    else
      expect(call).toThrow(
        expect.objectContaining({
          status: 403,
          code: "not_recording_organization",
          message: "志愿时长：只能由记录该时长的组织审核",
        }),
      );
  });
});

describe("the public notice and the certificate", () => {
  it.each([
    ["2026-12-06", "2026-12-13"],
    ["2026-12-28", "2027-01-04"],
    ["2028-02-25", "2028-03-03"],
  ])("approved %s → notice until %s", (approved, until) => {
    expect(volunteerNoticeUntil(approved)).toBe(until);
  });

  it.each([
    ["approved, the last notice day", { status: "approved", noticeUntil: "2026-12-13" }, "2026-12-13", null],
    ["approved, after the notice", { status: "approved", noticeUntil: "2026-12-13" }, "2027-01-01", null],
    [
      "approved, during the notice",
      { status: "approved", noticeUntil: "2026-12-13" },
      "2026-12-12",
      "notice_period",
    ],
    ["recorded", { status: "recorded", noticeUntil: null }, "2026-12-20", "volunteer_not_approved"],
    ["rejected", { status: "rejected", noticeUntil: null }, "2026-12-20", "volunteer_not_approved"],
  ] as const)("%s → %s", (_name, record, today, code) => {
    const call = () => assertCertificateAllowed(record, today);
    if (code === null) expect(call).not.toThrow();
    else expect(call).toThrow(expect.objectContaining({ status: 422, code }));
  });

  it("names the end of the notice", () => {
    expect(() =>
      assertCertificateAllowed({ status: "approved", noticeUntil: "2026-12-13" }, "2026-12-07"),
    ).toThrow("志愿证书：公示期至2026-12-13，期满后方可发放");
  });

  it.each([
    ["2026-12-13", 42, "ZY-20261213-000042"],
    ["2027-01-02", 12_345_678, "ZY-20270102-12345678"],
  ])("issued %s, record %i → %s", (issuedOn, id, number) => {
    expect(volunteerCertificateNumber(issuedOn, id)).toBe(number);
    expect(isVolunteerCertificateNumber(number)).toBe(true);
  });

  it.each(["", "ZY-2026121-000042", "ZY-20261213-42", "zy-20261213-000042", "20261213-000042"])(
    "%j is not a certificate number",
    (text) => {
      expect(isVolunteerCertificateNumber(text)).toBe(false);
    },
  );
});

describe("hours into the points scheme", () => {
  it.each([
    ["2026-12-06T23:30:00+08:00", "2026-12-06"],
    ["2026-12-06T16:30:00Z", "2026-12-07"],
    ["2026-12-31T15:59:00Z", "2026-12-31"],
    ["2026-12-31T16:00:00Z", "2027-01-01"],
  ])("%s is %s in China", (instant, date) => {
    expect(chinaDateOf(new Date(instant))).toBe(date);
  });

  it("gives a volunteer_hours_in_year fact dated the China day of the check-in", () => {
    expect(volunteerPrerequisiteFact({ hours: 2.5, checkedInAt: new Date("2026-12-31T17:00:00Z") })).toEqual({
      item: "volunteer_hours_in_year",
      units: 2.5,
      occurredOn: "2027-01-01",
      origin: "volunteer",
    });
  });

  it("sums approved hours per China year, ignoring pending and rejected", () => {
    const totals = approvedHoursByYear([
      { status: "approved", hours: 2.5, checkedInAt: new Date("2026-03-01T01:00:00Z") },
      { status: "approved", hours: 1.5, checkedInAt: new Date("2026-12-31T17:00:00Z") },
      { status: "approved", hours: 3, checkedInAt: new Date("2026-12-31T10:00:00Z") },
      { status: "recorded", hours: 8, checkedInAt: new Date("2026-05-01T01:00:00Z") },
      { status: "rejected", hours: 8, checkedInAt: new Date("2026-05-01T01:00:00Z") },
      { status: "approved", hours: null, checkedInAt: null },
    ]);
    expect([...totals]).toEqual([
      [2026, 5.5],
      [2027, 1.5],
    ]);
  });
});
