import type { ThemeConfig } from "antd";

/** League red for actions, a deep blue for the chrome. The one theme of the app. */
export const LEAGUE_RED = "#c8161d";
export const LEAGUE_BLUE = "#1d4e89";

export const theme: ThemeConfig = {
  token: {
    colorPrimary: LEAGUE_RED,
    colorLink: LEAGUE_BLUE,
    colorInfo: LEAGUE_BLUE,
    borderRadius: 4,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Segoe UI", Roboto, sans-serif',
  },
  components: {
    Layout: {
      headerBg: LEAGUE_RED,
      headerColor: "#fff",
      siderBg: "#fff",
    },
  },
};

/** Chart colors, first the League red and blue. */
export const CHART_COLORS = [
  LEAGUE_RED,
  LEAGUE_BLUE,
  "#f0a020",
  "#2f9e44",
  "#7048e8",
  "#0c8599",
  "#e8590c",
  "#5c7cfa",
  "#a61e4d",
  "#868e96",
  "#94d82d",
];

/** Age pyramid: male on the left, female on the right. */
export const SEX_COLORS = { male: LEAGUE_BLUE, female: LEAGUE_RED } as const;
