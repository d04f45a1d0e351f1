import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  FundOutlined,
  ImportOutlined,
  ScheduleOutlined,
  TeamOutlined,
} from "@ant-design/icons";
import { Layout, Menu, type MenuProps, Typography } from "antd";
import { type ReactNode, Suspense } from "react";
import { Outlet, useMatch, useNavigate } from "react-router";
import { PageSpinner } from "../../../components/PageSpinner";
import { LanguageSwitch } from "../../../i18n/LanguageSwitch";
import { useT } from "../../../i18n/use-t";
import {
  type OrganizationTab,
  organizationPath,
  parseOrganizationId,
  TAB_PERMISSIONS,
} from "../../../routes/organization-routes";
import { useMe } from "../../auth/hooks/use-me";
import { OrganizationBreadcrumb } from "../../organizations/components/OrganizationBreadcrumb";
import { UserMenu } from "./UserMenu";

type Section = "organizations" | "members" | "reviews" | "import" | "dashboard" | "indicators" | "plans";

const TAB_OF_SECTION: Record<Section, OrganizationTab> = {
  organizations: "overview",
  members: "members",
  reviews: "reviews",
  import: "import",
  dashboard: "dashboard",
  indicators: "indicators",
  plans: "plans",
};

function isSection(value: string): value is Section {
  return Object.hasOwn(TAB_OF_SECTION, value);
}

/** The menu entry of a path: its first segment after /orgs/:orgId/ (members/12 is still members). */
function sectionOf(rest: string | undefined): Section {
  const segment = rest?.split("/")[0] ?? "";
  return isSection(segment) && segment !== "organizations" ? segment : "organizations";
}

/** Top bar, side menu and the organization breadcrumb around every signed-in page. */
export function AppLayout() {
  const me = useMe();
  const t = useT();
  const navigate = useNavigate();
  const match = useMatch("/orgs/:orgId/*");
  const currentOrgId = parseOrganizationId(match?.params.orgId);
  const orgId = currentOrgId ?? me.scopeRoot?.id;
  const section = sectionOf(match?.params["*"]);

  const allItems: { key: Section; icon: ReactNode; label: string }[] = [
    { key: "organizations", icon: <ApartmentOutlined />, label: t("nav.organizations") },
    { key: "members", icon: <TeamOutlined />, label: t("nav.members") },
    { key: "reviews", icon: <AuditOutlined />, label: t("nav.reviews") },
    { key: "import", icon: <ImportOutlined />, label: t("nav.import") },
    { key: "dashboard", icon: <BarChartOutlined />, label: t("nav.dashboard") },
    { key: "indicators", icon: <FundOutlined />, label: t("nav.indicators") },
    { key: "plans", icon: <ScheduleOutlined />, label: t("nav.plans") },
  ];
  const items: MenuProps["items"] = allItems.filter(({ key }) =>
    me.permissions.includes(TAB_PERMISSIONS[TAB_OF_SECTION[key]]),
  );

  const onMenuClick: MenuProps["onClick"] = ({ key }) => {
    if (orgId !== undefined && isSection(key)) navigate(organizationPath(orgId, TAB_OF_SECTION[key]));
  };

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header style={{ display: "flex", alignItems: "center", gap: 16, paddingInline: 24 }}>
        <Typography.Title level={4} style={{ color: "#fff", margin: 0, whiteSpace: "nowrap" }}>
          团务 tuanwu
        </Typography.Title>
        <div style={{ flex: 1 }} />
        <LanguageSwitch />
        <UserMenu />
      </Layout.Header>
      <Layout>
        <Layout.Sider width={180} breakpoint="lg" collapsedWidth={56}>
          <Menu
            mode="inline"
            selectedKeys={[section]}
            items={items}
            onClick={onMenuClick}
            style={{ height: "100%", borderInlineEnd: 0 }}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: "16px 24px" }}>
          {currentOrgId !== undefined && <OrganizationBreadcrumb organizationId={currentOrgId} />}
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
