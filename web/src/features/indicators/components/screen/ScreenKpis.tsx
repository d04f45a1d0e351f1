import { Col, Row } from "antd";
import type { OrganizationStats } from "../../../../api/types";
import { useT } from "../../../../i18n/use-t";
import type { OrganizationIndicators } from "../../api/indicator-types";
import { useIndicatorLookup } from "../../hooks/use-indicators";
import { formatCount, formatIndicatorValue } from "../indicator-format";
import { SCREEN_ACCENT, SCREEN_MUTED, screenPanelStyle } from "./screen-theme";

/**
 * Rates shown beside the totals, the first three that have a value (entered data may be missing).
 * The data screen asks the server for these only: each answers in milliseconds to ≈ 0.2 s at a
 * province, where 信息完整率 (a scan of every member) takes seconds (bench/RESULTS.md).
 */
export const SCREEN_KEY_RATES = [
  "entry_rate",
  "youth_league_ratio",
  "league_student_ratio",
  "staffing_rate",
  "coverage_rate_two_new",
] as const;
const SHOWN_RATES = 3;

interface Kpi {
  key: string;
  label: string;
  value: string;
}

function KpiTile({ kpi }: { kpi: Kpi }) {
  return (
    <div style={{ ...screenPanelStyle, textAlign: "center" }} data-testid={`screen-kpi-${kpi.key}`}>
      <div style={{ color: SCREEN_MUTED, fontSize: 20 }}>{kpi.label}</div>
      <div
        style={{ color: SCREEN_ACCENT, fontSize: 52, fontWeight: 700, fontVariantNumeric: "tabular-nums" }}
        data-testid="screen-kpi-value"
      >
        {kpi.value}
      </div>
    </div>
  );
}

/** The headline figures in very large type: members, organizations, active members, key rates. */
export function ScreenKpis({
  stats,
  indicators,
}: {
  stats: OrganizationStats;
  indicators: OrganizationIndicators | undefined;
}) {
  const t = useT();
  const { byId, nameOf } = useIndicatorLookup();
  const active = stats.membersByStatus.find((entry) => entry.key === "active")?.count ?? 0;
  const rates: Kpi[] = SCREEN_KEY_RATES.flatMap((id) => {
    const item = indicators?.items.find((entry) => entry.indicatorId === id);
    const indicator = byId.get(id);
    return item && indicator && item.value !== null
      ? [{ key: id, label: nameOf(id), value: formatIndicatorValue(item.value, indicator.unit) }]
      : [];
  }).slice(0, SHOWN_RATES);
  const kpis: Kpi[] = [
    { key: "members", label: t("screen.members"), value: formatCount(stats.totalMembers) },
    { key: "organizations", label: t("screen.organizations"), value: formatCount(stats.totalOrganizations) },
    { key: "active-members", label: t("screen.activeMembers"), value: formatCount(active) },
    ...rates,
  ];
  return (
    <Row gutter={[16, 16]}>
      {kpis.map((kpi) => (
        <Col key={kpi.key} flex="1 1 0">
          <KpiTile kpi={kpi} />
        </Col>
      ))}
    </Row>
  );
}
