import { Segmented } from "antd";
import { useNavigate } from "react-router";
import { useT } from "../../../i18n/use-t";
import { comparisonPath, evaluationsPath, plansPath } from "./plan-routes";

export type PlansSection = "plans" | "evaluations" | "compare";

/** Switches between the plans, the evaluation rounds and the city comparison of the organization. */
export function PlansSubNav({ organizationId, current }: { organizationId: number; current: PlansSection }) {
  const t = useT();
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
        { value: "compare", label: t("plans.section.compare") },
      ]}
      data-testid="plans-sub-nav"
    />
  );
}
