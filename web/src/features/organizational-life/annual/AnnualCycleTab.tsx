import { Flex, Segmented } from "antd";
import { useSearchParams } from "react-router";
import { useT } from "../../../i18n/use-t";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { PartyRecommendationsPanel } from "../party-recommendation/PartyRecommendationsPanel";
import { StarRatingsPanel } from "../star-rating/StarRatingsPanel";
import { ANNUAL_VIEWS, type AnnualView } from "./annual-paths";
import { RegistrationView } from "./RegistrationView";
import { ReviewView } from "./ReviewView";

function isAnnualView(value: string | null): value is AnnualView {
  return (ANNUAL_VIEWS as readonly (string | null)[]).includes(value);
}

/**
 * /orgs/:orgId/annual?view=review|registration|recommendation|star-rating — 年度工作: the yearly
 * cycle of a committee or a branch in one tab, a segmented control on top (phone first, 375 px):
 * 教育评议 (团员教育评议), 团籍注册, 推优入党 (PartyRecommendationsPanel) and 评星定级 (StarRatingsPanel).
 */
export function AnnualCycleTab() {
  const t = useT();
  const organization = useCurrentOrganization();
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get("view");
  const view: AnnualView = isAnnualView(requested) ? requested : "review";
  return (
    <Flex vertical gap={12} data-testid="annual-tab">
      <Segmented<AnnualView>
        block
        value={view}
        onChange={(value) => setSearchParams({ view: value }, { replace: true })}
        options={[
          { value: "review", label: t("annual.review") },
          { value: "registration", label: t("annual.registration") },
          { value: "recommendation", label: t("annual.recommendation") },
          { value: "star-rating", label: t("annual.starRating") },
        ]}
        data-testid="annual-views"
      />
      {view === "review" && <ReviewView organization={organization} />}
      {view === "registration" && <RegistrationView organization={organization} />}
      {view === "recommendation" && <PartyRecommendationsPanel organizationId={organization.id} />}
      {view === "star-rating" && <StarRatingsPanel organizationId={organization.id} />}
    </Flex>
  );
}
