import { describe, expect, it } from "vitest";
import type { Database } from "../../db/database";
import { AUTO_RETURN_DEFAULT_CRON, startAutoReturnSchedule } from "./transfer-auto-return.job";

/** The schedule of the automatic return starts and stops with the server (the run itself: transfer-batch.routes.test.ts). */
describe("startAutoReturnSchedule", () => {
  it("plans the next run at 01:30 China time and stops", () => {
    const errors: unknown[] = [];
    const schedule = startAutoReturnSchedule({} as Database, AUTO_RETURN_DEFAULT_CRON, (error) =>
      errors.push(error),
    );
    const next = schedule.nextRun();
    expect(next).toBeInstanceOf(Date);
    // 01:30 in China (UTC+8) is 17:30 UTC.
    expect([next?.getUTCHours(), next?.getUTCMinutes()]).toEqual([17, 30]);
    schedule.stop();
    expect(schedule.nextRun()).toBeNull();
    expect(errors).toEqual([]);
  });

  it("refuses a malformed pattern", () => {
    expect(() => startAutoReturnSchedule({} as Database, "every day", () => {})).toThrow();
  });
});
