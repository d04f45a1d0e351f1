import { ApartmentOutlined, CheckCircleOutlined, TeamOutlined } from "@ant-design/icons";
import { Card, Col, Row, Statistic } from "antd";
import type { OrganizationStats } from "../../../api/types";
import { useT } from "../../../i18n/use-t";
import { LEAGUE_BLUE, LEAGUE_RED } from "../../../theme";

/** Organizations, members and active members of the subtree. */
export function KpiCards({ stats }: { stats: OrganizationStats }) {
  const t = useT();
  const activeMembers = stats.membersByStatus.find((entry) => entry.key === "active")?.count ?? 0;
  const cards = [
    {
      key: "organizations",
      title: t("dashboard.organizations"),
      value: stats.totalOrganizations,
      icon: <ApartmentOutlined />,
      color: LEAGUE_BLUE,
    },
    {
      key: "members",
      title: t("dashboard.members"),
      value: stats.totalMembers,
      icon: <TeamOutlined />,
      color: LEAGUE_RED,
    },
    {
      key: "active-members",
      title: t("dashboard.activeMembers"),
      value: activeMembers,
      icon: <CheckCircleOutlined />,
      color: "#2f9e44",
    },
  ];
  return (
    <Row gutter={[16, 16]}>
      {cards.map((card) => (
        <Col key={card.key} xs={24} sm={8}>
          <Card size="small" data-testid={`kpi-${card.key}`}>
            <Statistic
              title={card.title}
              value={card.value}
              prefix={card.icon}
              styles={{ content: { color: card.color } }}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
