import type { OrganizationStats } from "../../../api/types";
import { Chart } from "../../../components/Chart";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { ChartCard } from "./ChartCard";
import { horizontalBarOption } from "./chart-options";

/** Members by sector (领域) of their branch. */
export function SectorChart({ stats }: { stats: OrganizationStats }) {
  const t = useT();
  const labels = useLabels();
  const entries = stats.membersBySector
    .filter((entry) => entry.count > 0)
    .map((entry) => ({
      label: entry.key ? labels.sector(entry.key) : t("dashboard.unknown"),
      count: entry.count,
    }));
  return (
    <ChartCard title={t("dashboard.bySector")} testId="chart-sector" hasData={entries.length > 0}>
      <Chart
        option={horizontalBarOption(entries, t("dashboard.memberCount"))}
        height={Math.max(240, entries.length * 28 + 40)}
      />
    </ChartCard>
  );
}
