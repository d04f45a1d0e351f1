import type { DevelopmentState } from "@tuanwu/domain";
import { Tag } from "antd";
import { useLabels } from "../../../i18n/labels";

const STATE_COLORS: Partial<Record<DevelopmentState, string>> = {
  approved: "green",
  admitted: "green",
  archived: "green",
  deferred: "orange",
  rejected: "red",
  withdrawn: "default",
};

/** A development state (发展团员环节) as a coloured tag. */
export function StateTag({ state }: { state: DevelopmentState }) {
  const labels = useLabels();
  return (
    <Tag color={STATE_COLORS[state] ?? "blue"} data-testid="application-state">
      {labels.developmentState(state)}
    </Tag>
  );
}
