import { AGE_BANDS, MEMBER_STATUSES } from "@tuanwu/domain";
import type { OrganizationStats } from "../../../../api/types";
import { Chart } from "../../../../components/Chart";
import { useLabels } from "../../../../i18n/labels";
import { useT } from "../../../../i18n/use-t";
import type { LabeledCount, PyramidRow } from "../../../stats/components/chart-options";
import { ScreenPanel } from "./ScreenPanel";
import { screenBarOption, screenPieOption, screenPyramidOption } from "./screen-options";

/** How many children the ranking shows. */
const TOP_CHILDREN = 10;

interface ScreenPanelProps {
  stats: OrganizationStats;
  /** The chart's height in pixels, from the window's (see useScreenChartHeight). */
  height: number;
}

function countOf(stats: OrganizationStats, ageBand: string, sex: string): number {
  return stats.membersByAgeBand
    .filter((entry) => entry.ageBand === ageBand && entry.sex === sex)
    .reduce((sum, entry) => sum + entry.count, 0);
}

/** Members by age band and sex. */
export function ScreenAgePanel({ stats, height }: ScreenPanelProps) {
  const t = useT();
  const labels = useLabels();
  const rows: PyramidRow[] = AGE_BANDS.map((ageBand) => ({
    label: labels.ageBand(ageBand),
    male: countOf(stats, ageBand, "male"),
    female: countOf(stats, ageBand, "female"),
  }));
  return (
    <ScreenPanel title={t("screen.ageSex")} testId="screen-age">
      <Chart
        dark
        option={screenPyramidOption(rows, labels.sex("male"), labels.sex("female"))}
        height={height}
      />
    </ScreenPanel>
  );
}

/** Members by sector of their branch. */
export function ScreenSectorPanel({ stats, height }: ScreenPanelProps) {
  const t = useT();
  const labels = useLabels();
  const entries: LabeledCount[] = stats.membersBySector
    .filter((entry) => entry.count > 0)
    .map((entry) => ({ label: entry.key ? labels.sector(entry.key) : "—", count: entry.count }));
  return (
    <ScreenPanel title={t("screen.bySector")} testId="screen-sector">
      <Chart dark option={screenBarOption(entries, t("screen.members"))} height={height} />
    </ScreenPanel>
  );
}

/** Members by status, in the order of the statuses. */
export function ScreenStatusPanel({ stats, height }: ScreenPanelProps) {
  const t = useT();
  const labels = useLabels();
  const order = (key: string) => (MEMBER_STATUSES as readonly string[]).indexOf(key);
  const entries: LabeledCount[] = [...stats.membersByStatus]
    .filter((entry) => entry.count > 0)
    .sort((a, b) => order(a.key) - order(b.key))
    .map((entry) => ({ label: labels.status(entry.key), count: entry.count }));
  return (
    <ScreenPanel title={t("screen.byStatus")} testId="screen-status">
      <Chart dark option={screenPieOption(entries, t("screen.byStatus"))} height={height} />
    </ScreenPanel>
  );
}

/** The children ranked by member count (top 10). */
export function ScreenChildrenPanel({ stats, height }: ScreenPanelProps) {
  const t = useT();
  const entries: LabeledCount[] = [...stats.children]
    .sort((a, b) => b.memberCount - a.memberCount)
    .slice(0, TOP_CHILDREN)
    .map((child) => ({ label: child.name, count: child.memberCount }));
  return (
    <ScreenPanel title={t("screen.childrenRank")} testId="screen-children">
      <Chart dark option={screenBarOption(entries, t("screen.members"))} height={height} />
    </ScreenPanel>
  );
}
