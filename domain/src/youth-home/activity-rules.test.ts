import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import {
  assertActivityTimes,
  assertCheckin,
  assertRating,
  type CheckinAction,
  type CheckinSignup,
  defaultCheckinWindow,
  isRating,
  placeSignup,
  seatsLeft,
  seatsToPromote,
} from "./activity-rules";

// Source of every table: issue 14 part 2 and "Bad input" (sign-up beyond capacity goes to the
// waitlist, never over; check-in outside the window or twice is refused; ratings and comments).

const at = (time: string) => new Date(`2026-12-06T${time}:00+08:00`);

describe("defaultCheckinWindow (start − 30 min … end)", () => {
  it("opens 30 minutes before the start and closes at the end", () => {
    expect(defaultCheckinWindow(at("14:00"), at("16:00"))).toEqual({
      opensAt: at("13:30"),
      closesAt: at("16:00"),
    });
  });
});

describe("assertActivityTimes", () => {
  const ok = {
    startsAt: at("14:00"),
    endsAt: at("16:00"),
    checkinOpensAt: at("13:30"),
    checkinClosesAt: at("16:00"),
  };
  it.each([
    ["consistent", ok, null],
    ["ends before it starts", { ...ok, endsAt: at("13:00") }, "endsAt"],
    ["window closes before it opens", { ...ok, checkinClosesAt: at("13:00") }, "checkinClosesAt"],
    [
      "window opens after the end",
      { ...ok, checkinOpensAt: at("16:30"), checkinClosesAt: at("17:00") },
      "checkinOpensAt",
    ],
    [
      "window closes before the start",
      { ...ok, checkinOpensAt: at("12:00"), checkinClosesAt: at("13:00") },
      "checkinClosesAt",
    ],
  ] as const)("%s", (_name, times, field) => {
    if (field === null) expect(() => assertActivityTimes(times)).not.toThrow();
    else expect(() => assertActivityTimes(times)).toThrow(expect.objectContaining({ field, status: 400 }));
  });
});

describe("placeSignup (capacity → waitlist, never over)", () => {
  it.each([
    [
      { capacity: 2, confirmed: 0, lastWaitlistPosition: null },
      { status: "confirmed", waitlistPosition: null },
    ],
    [
      { capacity: 2, confirmed: 1, lastWaitlistPosition: null },
      { status: "confirmed", waitlistPosition: null },
    ],
    [
      { capacity: 2, confirmed: 2, lastWaitlistPosition: null },
      { status: "waitlisted", waitlistPosition: 1 },
    ],
    [
      { capacity: 2, confirmed: 2, lastWaitlistPosition: 3 },
      { status: "waitlisted", waitlistPosition: 4 },
    ],
    [
      { capacity: 1, confirmed: 5, lastWaitlistPosition: 1 },
      { status: "waitlisted", waitlistPosition: 2 },
    ],
  ] as const)("%j → %j", (state, expected) => {
    expect(placeSignup(state)).toEqual(expected);
  });

  it("fills exactly the capacity, one by one", () => {
    let confirmed = 0;
    let last: number | null = null;
    for (let index = 0; index < 10; index++) {
      const place = placeSignup({ capacity: 7, confirmed, lastWaitlistPosition: last });
      if (place.status === "confirmed") confirmed++;
      else last = place.waitlistPosition;
    }
    expect({ confirmed, last }).toEqual({ confirmed: 7, last: 3 });
  });
});

describe("seatsToPromote (waitlist promotion on cancel)", () => {
  it.each([
    [{ capacity: 3, confirmed: 2, waitlisted: 5 }, 1],
    [{ capacity: 3, confirmed: 3, waitlisted: 5 }, 0],
    [{ capacity: 5, confirmed: 2, waitlisted: 1 }, 1],
    [{ capacity: 3, confirmed: 1, waitlisted: 0 }, 0],
    [{ capacity: 2, confirmed: 4, waitlisted: 2 }, 0],
  ] as const)("%j → %i", (state, expected) => {
    expect(seatsToPromote(state)).toBe(expected);
  });
  it("seatsLeft never negative", () => {
    expect([seatsLeft(3, 1), seatsLeft(3, 3), seatsLeft(3, 4)]).toEqual([2, 0, 0]);
  });
});

describe("assertCheckin (window; check-in and check-out once each)", () => {
  const activity = {
    status: "published" as const,
    checkinOpensAt: at("13:30"),
    checkinClosesAt: at("16:00"),
  };
  const confirmed: CheckinSignup = { status: "confirmed", checkedInAt: null, checkedOutAt: null };
  const checkedIn: CheckinSignup = { ...confirmed, checkedInAt: at("13:45") };
  const checkedOut: CheckinSignup = { ...checkedIn, checkedOutAt: at("16:05") };
  const cases: [string, CheckinAction, CheckinSignup | undefined, string, string | null, typeof activity?][] =
    [
      ["check-in at the window's opening", "check_in", confirmed, "13:30", null],
      ["check-in at the window's close", "check_in", confirmed, "16:00", null],
      ["check-in before the window", "check_in", confirmed, "13:29", "outside_window"],
      ["check-in after the window", "check_in", confirmed, "16:01", "outside_window"],
      ["check-in twice", "check_in", checkedIn, "14:00", "already_checked_in"],
      ["check-in without a sign-up", "check_in", undefined, "14:00", "not_signed_up"],
      [
        "check-in of a cancelled sign-up",
        "check_in",
        { ...confirmed, status: "cancelled" },
        "14:00",
        "not_signed_up",
      ],
      [
        "check-in from the waitlist",
        "check_in",
        { ...confirmed, status: "waitlisted" },
        "14:00",
        "waitlisted",
      ],
      ["check-out after check-in", "check_out", checkedIn, "16:30", null],
      ["check-out two hours after the close", "check_out", checkedIn, "18:00", null],
      ["check-out later than that", "check_out", checkedIn, "18:01", "outside_window"],
      ["check-out without check-in", "check_out", confirmed, "15:00", "not_checked_in"],
      ["check-out twice", "check_out", checkedOut, "16:10", "already_checked_out"],
      [
        "check-in to a cancelled activity",
        "check_in",
        confirmed,
        "14:00",
        "activity_cancelled",
        { ...activity, status: "cancelled" as never },
      ],
    ];
  it.each(cases)("%s", (_name, action, signup, time, code, override) => {
    const run = () => assertCheckin(action, override ?? activity, signup, at(time));
    if (code === null) expect(run).not.toThrow();
    else {
      expect(run).toThrow(DomainError);
      expect(run).toThrow(expect.objectContaining({ code }));
    }
  });
});

describe("ratings 1–5", () => {
  it.each([
    [1, true],
    [5, true],
    [3, true],
    [0, false],
    [6, false],
    [2.5, false],
    ["4", false],
    [null, false],
  ] as const)("%j → %s", (value, expected) => {
    expect(isRating(value)).toBe(expected);
  });

  const attended = {
    status: "confirmed" as const,
    checkedInAt: at("14:00"),
    checkedOutAt: null,
    rating: null,
  };
  it.each([
    ["attended, 5", attended, 5, null],
    ["attended, 0", attended, 0, "invalid_input"],
    ["not checked in", { ...attended, checkedInAt: null }, 4, "not_attended"],
    ["rated before", { ...attended, rating: 3 }, 4, "already_rated"],
  ] as const)("%s", (_name, signup, rating, code) => {
    const run = () => assertRating(signup, rating);
    if (code === null) expect(run).not.toThrow();
    else expect(run).toThrow(expect.objectContaining({ code }));
  });
});
