import { useOutletContext } from "react-router";
import type { Organization } from "../../../api/types";

export interface OrganizationOutletContext {
  organization: Organization;
}

/** The organization of the URL, loaded by OrganizationPage for its tabs. */
export function useCurrentOrganization(): Organization {
  return useOutletContext<OrganizationOutletContext>().organization;
}
