import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  FormOutlined,
  FundOutlined,
  HeartOutlined,
  HomeOutlined,
  IdcardOutlined,
  ImportOutlined,
  InboxOutlined,
  PieChartOutlined,
  ScheduleOutlined,
  SwapOutlined,
  TeamOutlined,
  TrophyOutlined,
  UserAddOutlined,
  WalletOutlined,
} from "@ant-design/icons";
import { Badge, Flex, Grid, Layout, Menu, type MenuProps, Typography } from "antd";
import { type ReactNode, Suspense } from "react";
import { Outlet, useLocation, useMatch, useNavigate } from "react-router";
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
import { useTodoCounts } from "../../todos/hooks/use-todos";
import { useTransferWorklist } from "../../transfers/hooks/use-transfers";
import { UserMenu } from "./UserMenu";

type Section =
  | "organizations"
  | "members"
  | "development"
  | "transfers"
  | "cadres"
  | "meetings"
  | "dues"
  | "annual"
  | "quotas"
  | "reviews"
  | "import"
  | "dashboard"
  | "indicators"
  | "plans"
  | "youth-homes"
  | "activities"
  | "volunteers"
  | "surveys";

const TAB_OF_SECTION: Record<Section, OrganizationTab> = {
  organizations: "overview",
  members: "members",
  development: "development",
  transfers: "transfers",
  cadres: "cadres",
  meetings: "meetings",
  dues: "dues",
  annual: "annual",
  quotas: "quotas",
  reviews: "reviews",
  import: "import",
  dashboard: "dashboard",
  indicators: "indicators",
  plans: "plans",
  "youth-homes": "youth-homes",
  activities: "activities",
  volunteers: "volunteers",
  surveys: "surveys",
};

/** The to-do inbox (待办) is the user's, not an organization's: its own path above the tabs. */
const TODOS_KEY = "todos";
const TODOS_PATH = "/todos";

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
  const { pathname } = useLocation();
  const isPhone = Grid.useBreakpoint().md === false;
  const section = pathname.startsWith(TODOS_PATH) ? TODOS_KEY : sectionOf(match?.params["*"]);
  // 待办: for whoever acts on members (branch steps, committee approvals); the badge counts what waits.
  const seesTodos = me.permissions.includes("member:read");
  const todoCounts = useTodoCounts(seesTodos);
  const todoTotal = (todoCounts.data ?? []).reduce((sum, count) => sum + count.count, 0);
  // 组织关系转接: the badge counts the transfers awaiting this organization, red when some are overdue.
  const transferList = useTransferWorklist(seesTodos ? orgId : undefined);

  const allItems: { key: Section; icon: ReactNode; label: ReactNode }[] = [
    { key: "organizations", icon: <ApartmentOutlined />, label: t("nav.organizations") },
    { key: "members", icon: <TeamOutlined />, label: t("nav.members") },
    { key: "development", icon: <UserAddOutlined />, label: t("nav.development") },
    {
      key: "transfers",
      icon: <SwapOutlined />,
      label: (
        <Flex align="center" justify="space-between" gap={4}>
          <span>{t("nav.transfers")}</span>
          {(transferList.data?.awaitingHere ?? 0) > 0 && (
            <Badge
              count={transferList.data?.awaitingHere}
              overflowCount={999}
              size="small"
              color={(transferList.data?.overdue ?? 0) > 0 ? "red" : "blue"}
              title={t("transfers.overdueCount", { count: transferList.data?.overdue ?? 0 })}
              data-testid="transfers-badge"
            />
          )}
        </Flex>
      ),
    },
    { key: "cadres", icon: <IdcardOutlined />, label: t("nav.cadres") },
    { key: "meetings", icon: <CalendarOutlined />, label: t("nav.meetings") },
    { key: "dues", icon: <WalletOutlined />, label: t("nav.dues") },
    { key: "annual", icon: <TrophyOutlined />, label: t("nav.annual") },
    { key: "quotas", icon: <PieChartOutlined />, label: t("nav.quotas") },
    { key: "reviews", icon: <AuditOutlined />, label: t("nav.reviews") },
    { key: "import", icon: <ImportOutlined />, label: t("nav.import") },
    { key: "dashboard", icon: <BarChartOutlined />, label: t("nav.dashboard") },
    { key: "indicators", icon: <FundOutlined />, label: t("nav.indicators") },
    { key: "plans", icon: <ScheduleOutlined />, label: t("nav.plans") },
    { key: "youth-homes", icon: <HomeOutlined />, label: t("nav.youthHomes") },
    { key: "activities", icon: <CalendarOutlined />, label: t("nav.activities") },
    { key: "volunteers", icon: <HeartOutlined />, label: t("nav.volunteers") },
    { key: "surveys", icon: <FormOutlined />, label: t("nav.surveys") },
  ];
  const todoItem = {
    key: TODOS_KEY,
    icon: <InboxOutlined />,
    label: (
      <Flex align="center" justify="space-between" gap={4}>
        <span>{t("nav.todos")}</span>
        {todoTotal > 0 && (
          <Badge
            count={todoTotal}
            overflowCount={999}
            size="small"
            title={(todoCounts.data ?? []).map((count) => `${count.label} ${count.count}`).join("，")}
            data-testid="todo-badge"
          />
        )}
      </Flex>
    ),
  };
  const items: MenuProps["items"] = [
    ...(seesTodos ? [todoItem] : []),
    ...allItems.filter(({ key }) => me.permissions.includes(TAB_PERMISSIONS[TAB_OF_SECTION[key]])),
  ];

  const onMenuClick: MenuProps["onClick"] = ({ key }) => {
    if (key === TODOS_KEY) navigate(TODOS_PATH);
    else if (orgId !== undefined && isSection(key)) navigate(organizationPath(orgId, TAB_OF_SECTION[key]));
  };

  return (
    <Layout style={{ minHeight: "100vh" }}>
      {/* On a phone the header must fit the screen (UserMenu compact): a wider one widens a real phone's
          layout viewport, and drawers and modals then open partly off-screen. */}
      <Layout.Header
        style={{
          display: "flex",
          alignItems: "center",
          gap: isPhone ? 8 : 16,
          paddingInline: isPhone ? 12 : 24,
        }}
      >
        <Typography.Title level={4} style={{ color: "#fff", margin: 0, whiteSpace: "nowrap" }}>
          {isPhone ? "团务" : "团务 tuanwu"}
        </Typography.Title>
        <div style={{ flex: 1 }} />
        <LanguageSwitch />
        <UserMenu compact={isPhone} />
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
