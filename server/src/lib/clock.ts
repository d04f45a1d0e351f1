/** The time zone the League's dates are kept in (China Standard Time). */
export const LEAGUE_TIME_ZONE = "Asia/Shanghai";

/** Today's date in China (YYYY-MM-DD); `now` is injectable for tests. */
export function todayInChina(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: LEAGUE_TIME_ZONE }).format(now);
}
