import { Button, Tabs } from "antd";
import { useNavigate, useSearchParams } from "react-router";
import { useT } from "../../../i18n/use-t";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { LiaisonPanel } from "../components/LiaisonPanel";
import { ReviewsPanel } from "../components/ReviewsPanel";
import { RosterPanel } from "../components/RosterPanel";
import { TermsPanel, TrainingPanel } from "../components/TermsTrainingPanel";

const VIEWS = ["roster", "terms", "training", "reviews", "liaison"] as const;
type View = (typeof VIEWS)[number];

/**
 * /orgs/:orgId/cadres[?view=]: 团干部 — 配备率 and the profile with the cadre records, terms 换届, training
 * rounds 轮训, 述职评议 sessions, deputies and liaison (domain.md §6; issue 13). Writes only with
 * cadre:write; the server checks scope and permission again.
 */
export function CadresTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const abilities = useAbilities();
  const canWrite = abilities.can("cadre:write");
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const view = (VIEWS as readonly string[]).includes(params.get("view") ?? "")
    ? (params.get("view") as View)
    : "roster";
  const props = { organizationId: organization.id, canWrite };
  return (
    <Tabs
      activeKey={view}
      onChange={(key) => setParams({ view: key }, { replace: true })}
      data-testid="cadres-tab"
      tabBarExtraContent={
        <Button onClick={() => navigate("/me/contact-logs")} data-testid="cadres-my-contact-logs">
          {t("contactLog.title")}
        </Button>
      }
      items={[
        { key: "roster", label: t("cadres.roster"), children: <RosterPanel {...props} /> },
        { key: "terms", label: t("cadres.terms"), children: <TermsPanel {...props} /> },
        { key: "training", label: t("cadres.training"), children: <TrainingPanel {...props} /> },
        { key: "reviews", label: t("cadres.reviews"), children: <ReviewsPanel {...props} /> },
        { key: "liaison", label: t("cadres.liaison"), children: <LiaisonPanel {...props} /> },
      ]}
      destroyOnHidden
    />
  );
}
