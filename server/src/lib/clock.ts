/** The time zone the League's dates are kept in (China Standard Time). */
export const LEAGUE_TIME_ZONE = "Asia/Shanghai";

/** Built once: constructing an Intl.DateTimeFormat took ≈ 0.4 ms per request (issue 18 part 5), formatting 0.01 ms. */
const CHINA_DATE = new Intl.DateTimeFormat("en-CA", { timeZone: LEAGUE_TIME_ZONE });

/** Today's date in China (YYYY-MM-DD); `now` is injectable for tests. */
export function todayInChina(now: Date = new Date()): string {
  return CHINA_DATE.format(now);
}
