import { ApartmentOutlined } from "@ant-design/icons";
import { Breadcrumb, type BreadcrumbProps } from "antd";
import { Link, useMatch } from "react-router";
import { organizationPath, tabOfPath } from "../../../routes/organization-routes";
import { useOrganization } from "../hooks/use-organizations";

/** The organization's ancestors inside the user's scope, each a link keeping the current tab. */
export function OrganizationBreadcrumb({ organizationId }: { organizationId: number }) {
  const organization = useOrganization(organizationId);
  const tab = tabOfPath(useMatch("/orgs/:orgId/*")?.params["*"]);
  if (!organization.data) return <div style={{ height: 22, marginBottom: 12 }} />;

  const ancestors = organization.data.ancestors.filter((ancestor) => ancestor.id !== organizationId);
  const items: BreadcrumbProps["items"] = [
    ...ancestors.map((ancestor, index) => ({
      key: ancestor.id,
      title: (
        <Link to={organizationPath(ancestor.id, tab)}>
          {index === 0 && <ApartmentOutlined style={{ marginInlineEnd: 4 }} />}
          {ancestor.name}
        </Link>
      ),
    })),
    { key: organizationId, title: organization.data.name },
  ];
  return <Breadcrumb items={items} style={{ marginBottom: 12 }} data-testid="org-breadcrumb" />;
}
