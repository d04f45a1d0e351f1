import { describe, expect, it } from "vitest";
import { meetingRefetchInterval, SIGNIN_REFRESH_MS } from "./use-meetings";

describe("meetingRefetchInterval: the meeting page follows an open QR sign-in", () => {
  it.each([
    ["sign-in open", { signin: { open: true } }, SIGNIN_REFRESH_MS],
    ["sign-in closed", { signin: { open: false } }, false],
    ["never opened", { signin: null }, false],
    ["not loaded yet", undefined, false],
  ] as const)("%s", (_, meeting, expected) => {
    expect(meetingRefetchInterval(meeting)).toBe(expected);
  });
});
