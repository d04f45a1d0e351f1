import { MEMBER_STATUSES } from "@tuanwu/domain";
import { Col, Row } from "antd";
import type { OrganizationStats } from "../../../api/types";
import { Chart } from "../../../components/Chart";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { ChartCard } from "./ChartCard";
import { horizontalBarOption, type LabeledCount, pieOption } from "./chart-options";

type KeyCount = OrganizationStats["membersByStatus"][number];

function labeled(entries: readonly KeyCount[], labelOf: (key: string) => string): LabeledCount[] {
  return entries
    .filter((entry) => entry.count > 0)
    .map((entry) => ({ label: labelOf(entry.key), count: entry.count }));
}

/** Members by status (in the order of the statuses), education and occupation. */
export function DistributionCharts({ stats }: { stats: OrganizationStats }) {
  const t = useT();
  const labels = useLabels();
  const orNotRecorded = (label: (key: string) => string) => (key: string) =>
    key ? label(key) : t("dashboard.unknown");

  const statusOrder = (key: string) => {
    const index = (MEMBER_STATUSES as readonly string[]).indexOf(key);
    return index === -1 ? MEMBER_STATUSES.length : index;
  };
  const byStatus = labeled(
    [...stats.membersByStatus].sort((a, b) => statusOrder(a.key) - statusOrder(b.key)),
    orNotRecorded(labels.status),
  );
  const byEducation = labeled(stats.membersByEducation, orNotRecorded(labels.education));
  const byOccupation = labeled(stats.membersByOccupation, orNotRecorded(labels.occupation));

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={8}>
        <ChartCard title={t("dashboard.byStatus")} testId="chart-status" hasData={byStatus.length > 0}>
          <Chart option={pieOption(byStatus, t("dashboard.byStatus"))} />
        </ChartCard>
      </Col>
      <Col xs={24} xl={8}>
        <ChartCard
          title={t("dashboard.byEducation")}
          testId="chart-education"
          hasData={byEducation.length > 0}
        >
          <Chart option={pieOption(byEducation, t("dashboard.byEducation"))} />
        </ChartCard>
      </Col>
      <Col xs={24} xl={8}>
        <ChartCard
          title={t("dashboard.byOccupation")}
          testId="chart-occupation"
          hasData={byOccupation.length > 0}
        >
          <Chart
            option={horizontalBarOption(byOccupation, t("dashboard.memberCount"))}
            height={Math.max(320, byOccupation.length * 26 + 40)}
          />
        </ChartCard>
      </Col>
    </Row>
  );
}
