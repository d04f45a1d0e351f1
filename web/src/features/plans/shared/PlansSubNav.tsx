import { Segmented } from "antd";
import { useNavigate } from "react-router";
import type { Organization } from "../../../api/types";
import { useT } from "../../../i18n/use-t";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { comparisonPath, evaluationsPath, plansPath } from "./plan-routes";

export type PlansSection = "plans" | "evaluations" | "compare";

/**
 * Whether the city comparison (市级对比, each county side by side) means anything for `organization`:
 * a committee above the county level with two or more organizations below. For a county it would be
 * a one-bar chart of itself; a branch or a township has no counties at all.
 */
export function hasCountiesToCompare(
  organization: Pick<Organization, "kind" | "level" | "childCount">,
): boolean {
  return (
    organization.kind === "committee" &&
    (organization.level === "city" ||
      organization.level === "province" ||
      organization.level === "national") &&
    organization.childCount >= 2
  );
}

/** Switches between the plans, the evaluation rounds and (above the county) the city comparison. */
export function PlansSubNav({ organizationId, current }: { organizationId: number; current: PlansSection }) {
  const t = useT();
  const organization = useCurrentOrganization();
  const compare = hasCountiesToCompare(organization) || current === "compare";
  const navigate = useNavigate();
  const paths: Record<PlansSection, string> = {
    plans: plansPath(organizationId),
    evaluations: evaluationsPath(organizationId),
    compare: comparisonPath(organizationId),
  };
  return (
    <Segmented<PlansSection>
      value={current}
      onChange={(section) => navigate(paths[section])}
      options={[
        { value: "plans", label: t("plans.section.plans") },
        { value: "evaluations", label: t("plans.section.evaluations") },
        ...(compare ? [{ value: "compare" as const, label: t("plans.section.compare") }] : []),
      ]}
      data-testid="plans-sub-nav"
    />
  );
}
