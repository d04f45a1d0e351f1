import { Button, Col, Row } from "antd";
import { Link, useParams } from "react-router";
import { isApiError } from "../../../api/errors";
import { ErrorResult } from "../../../components/ErrorResult";
import { NotAllowedPage } from "../../../components/NotAllowedPage";
import { NotFoundPage } from "../../../components/NotFoundPage";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { parseOrganizationId } from "../../../routes/organization-routes";
import { useCan } from "../../auth/hooks/use-me";
import { useOrganization } from "../../organizations/hooks/use-organizations";
import { ScreenHeader } from "../components/screen/ScreenHeader";
import { ScreenKpis } from "../components/screen/ScreenKpis";
import {
  ScreenAgePanel,
  ScreenChildrenPanel,
  ScreenSectorPanel,
  ScreenStatusPanel,
} from "../components/screen/ScreenStatsPanels";
import { ScreenTrendPanel } from "../components/screen/ScreenTrendPanel";
import { SCREEN_BACKGROUND, SCREEN_TEXT } from "../components/screen/screen-theme";
import { useScreenChartHeight, useScreenIndicators, useScreenStats } from "../hooks/use-screen";

/** /screen/:organizationId: the data screen (数据大屏) of a county or city, for a projector. */
export function DataScreenPage() {
  const organizationId = parseOrganizationId(useParams().organizationId);
  const canReadStats = useCan("stats:read");
  if (organizationId === undefined) return <NotFoundPage />;
  if (!canReadStats) return <NotAllowedPage />;
  return <DataScreen organizationId={organizationId} />;
}

/**
 * Dark, large type, no app chrome; the figures refresh themselves every minute (live counters from
 * /stats, rates from /indicators), a clock and "updated at" in the header, a full-screen button.
 */
function DataScreen({ organizationId }: { organizationId: number }) {
  const organization = useOrganization(organizationId);
  const stats = useScreenStats(organizationId);
  const indicators = useScreenIndicators(organizationId);
  const height = useScreenChartHeight();
  const t = useT();

  const body =
    stats.isPending || organization.isPending ? (
      <PageSpinner />
    ) : stats.isError || organization.isError ? (
      <div style={{ background: "#fff", margin: 48, borderRadius: 8 }}>
        <ErrorResult error={stats.error ?? organization.error} onRetry={() => void stats.refetch()} />
        {isApiError(stats.error ?? organization.error, 404) && (
          <div style={{ textAlign: "center", paddingBottom: 32 }}>
            <Link to="/">
              <Button type="primary" data-testid="screen-back">
                {t("screen.back")}
              </Button>
            </Link>
          </div>
        )}
      </div>
    ) : (
      <>
        <ScreenHeader
          organizationId={organizationId}
          organizationName={organization.data.name}
          updatedAt={Math.max(stats.dataUpdatedAt, indicators.dataUpdatedAt)}
        />
        <div style={{ padding: "0 24px 24px" }}>
          <ScreenKpis stats={stats.data} indicators={indicators.data} />
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col span={8}>
              <ScreenAgePanel stats={stats.data} height={height} />
            </Col>
            <Col span={8}>
              <ScreenChildrenPanel stats={stats.data} height={height} />
            </Col>
            <Col span={8}>
              <ScreenSectorPanel stats={stats.data} height={height} />
            </Col>
            <Col span={12}>
              <ScreenStatusPanel stats={stats.data} height={height} />
            </Col>
            <Col span={12}>
              <ScreenTrendPanel organizationId={organizationId} height={height} />
            </Col>
          </Row>
        </div>
      </>
    );

  return (
    <div
      style={{ minHeight: "100vh", background: SCREEN_BACKGROUND, color: SCREEN_TEXT }}
      data-testid="data-screen"
    >
      {body}
    </div>
  );
}
