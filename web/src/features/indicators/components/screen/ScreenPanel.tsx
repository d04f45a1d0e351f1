import type { ReactNode } from "react";
import { SCREEN_TEXT, screenPanelStyle } from "./screen-theme";

interface ScreenPanelProps {
  title: string;
  testId: string;
  children: ReactNode;
}

/** A framed panel of the data screen with its title. */
export function ScreenPanel({ title, testId, children }: ScreenPanelProps) {
  return (
    <section style={screenPanelStyle} data-testid={testId}>
      <h2 style={{ color: SCREEN_TEXT, fontSize: 22, margin: "0 0 8px", fontWeight: 600, letterSpacing: 1 }}>
        <span style={{ borderLeft: "4px solid #4da3ff", paddingLeft: 10 }}>{title}</span>
      </h2>
      {children}
    </section>
  );
}
