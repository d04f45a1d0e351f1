import { AGE_BANDS } from "@tuanwu/domain";
import type { OrganizationStats } from "../../../api/types";
import { Chart } from "../../../components/Chart";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { ChartCard } from "./ChartCard";
import { agePyramidOption, type PyramidRow } from "./chart-options";

/** Members by age band and sex: male to the left, female to the right. */
export function AgePyramidChart({ stats }: { stats: OrganizationStats }) {
  const t = useT();
  const labels = useLabels();
  const countOf = (ageBand: string, sex: string) =>
    stats.membersByAgeBand
      .filter((entry) => entry.ageBand === ageBand && entry.sex === sex)
      .reduce((sum, entry) => sum + entry.count, 0);
  const rows: PyramidRow[] = AGE_BANDS.map((ageBand) => ({
    label: labels.ageBand(ageBand),
    male: countOf(ageBand, "male"),
    female: countOf(ageBand, "female"),
  }));
  const hasData = rows.some((row) => row.male + row.female > 0);
  return (
    <ChartCard title={t("dashboard.agePyramid")} testId="chart-age-pyramid" hasData={hasData}>
      <Chart option={agePyramidOption(rows, labels.sex("male"), labels.sex("female"))} height={280} />
    </ChartCard>
  );
}
