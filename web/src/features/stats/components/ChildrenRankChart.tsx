import { useNavigate } from "react-router";
import type { OrganizationStats } from "../../../api/types";
import { Chart, type ChartOption } from "../../../components/Chart";
import { useT } from "../../../i18n/use-t";
import { organizationPath } from "../../../routes/organization-routes";
import { ChartCard } from "./ChartCard";

const TOP = 20;

/** The child organizations ranked by member count (top 20); a bar opens that organization's dashboard. */
export function ChildrenRankChart({ stats }: { stats: OrganizationStats }) {
  const t = useT();
  const navigate = useNavigate();
  // Ascending, so that the largest is drawn at the top of the category axis.
  const ranked = [...stats.children]
    .sort((a, b) => b.memberCount - a.memberCount)
    .slice(0, TOP)
    .reverse();

  const option: ChartOption = {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { bottom: 0 },
    grid: { left: 8, right: 40, top: 8, bottom: 32, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: {
      type: "category",
      data: ranked.map((child) => child.name),
      axisLabel: { width: 160, overflow: "truncate" },
    },
    series: [
      {
        type: "bar",
        name: t("dashboard.memberCount"),
        data: ranked.map((child) => child.memberCount),
        label: { show: true, position: "right" },
        barMaxWidth: 18,
      },
      {
        type: "bar",
        name: t("dashboard.activeMemberCount"),
        data: ranked.map((child) => child.activeMemberCount),
        barMaxWidth: 18,
      },
    ],
  };

  const onItemClick = (index: number) => {
    const child = ranked[index];
    if (child) navigate(organizationPath(child.id, "dashboard"));
  };

  return (
    <ChartCard title={t("dashboard.children")} testId="chart-children" hasData={ranked.length > 0}>
      <Chart option={option} height={Math.max(240, ranked.length * 36 + 60)} onItemClick={onItemClick} />
    </ChartCard>
  );
}
