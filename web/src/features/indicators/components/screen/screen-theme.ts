import type { CSSProperties } from "react";

/** The data screen's look: deep blue, light text, large type for a projector at the back of a room. */
export const SCREEN_BACKGROUND = "radial-gradient(ellipse at top, #10305e 0%, #071327 70%)";
export const SCREEN_TEXT = "#e6f0ff";
export const SCREEN_MUTED = "#8fb3e8";
export const SCREEN_ACCENT = "#ffd166";
export const SCREEN_FONT_SIZE = 16;

export const screenPanelStyle: CSSProperties = {
  background: "rgba(18, 52, 104, 0.55)",
  border: "1px solid rgba(95, 160, 255, 0.35)",
  borderRadius: 8,
  boxShadow: "inset 0 0 24px rgba(40, 120, 255, 0.15)",
  padding: "12px 16px",
  height: "100%",
  minWidth: 0,
};

/** Chart colors that stand out on the dark background. */
export const SCREEN_COLORS = [
  "#4da3ff",
  "#ffd166",
  "#ff6b81",
  "#06d6a0",
  "#b388ff",
  "#ff9f43",
  "#48dbfb",
  "#feca57",
  "#1dd1a1",
  "#c8d6e5",
  "#ee5253",
];
