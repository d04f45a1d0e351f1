import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { statsQuery } from "../../stats/api/stats-queries";
import { indicatorTrendQuery, organizationIndicatorsQuery } from "../api/indicator-queries";
import { SCREEN_KEY_RATES } from "../components/screen/ScreenKpis";

/** The data screen refreshes itself this often. */
export const SCREEN_REFRESH_MS = 60_000;

/** /stats (live counters, fast at province scale), refetched every minute. */
export function useScreenStats(organizationId: number) {
  return useQuery({ ...statsQuery(organizationId), refetchInterval: SCREEN_REFRESH_MS, staleTime: 0 });
}

/** Today's key rates of the subtree (SCREEN_KEY_RATES), refetched every minute. */
export function useScreenIndicators(organizationId: number) {
  return useQuery({
    ...organizationIndicatorsQuery(organizationId, undefined, SCREEN_KEY_RATES),
    refetchInterval: SCREEN_REFRESH_MS,
  });
}

/** Month-end values of `ids` over the last `months` months, refetched every minute. */
export function useScreenTrend(organizationId: number, ids: readonly string[], from: string, to: string) {
  return useQuery({
    ...indicatorTrendQuery(organizationId, ids, from, to),
    refetchInterval: SCREEN_REFRESH_MS,
  });
}

/** The current time, ticking every second. */
export function useClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 1_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** Whether the page is in browser full screen, and a toggle (the Fullscreen API). */
export function useFullScreen(): [boolean, () => void] {
  const [isFullScreen, setFullScreen] = useState(() => document.fullscreenElement !== null);
  useEffect(() => {
    const onChange = () => setFullScreen(document.fullscreenElement !== null);
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);
  const toggle = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen().catch(() => undefined);
  }, []);
  return [isFullScreen, toggle];
}

/** Room above the two rows of charts: the header, the figures, the panels' titles and gaps. */
const SCREEN_CHROME_HEIGHT = 430;

/** The height of each chart so that two rows fill the window (never below 220 px). */
export function useScreenChartHeight(): number {
  const [height, setHeight] = useState(() => window.innerHeight);
  useEffect(() => {
    const onResize = () => setHeight(window.innerHeight);
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, []);
  return Math.max(220, Math.floor((height - SCREEN_CHROME_HEIGHT) / 2));
}
