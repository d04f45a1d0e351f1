import { ApartmentOutlined, MenuFoldOutlined, MenuUnfoldOutlined } from "@ant-design/icons";
import { Button, Card, Col, Drawer, Flex, Grid, Row, Tabs, Tag, Tooltip, Typography } from "antd";
import { type ReactNode, Suspense, useMemo, useState } from "react";
import { Outlet, useMatch, useNavigate, useParams } from "react-router";
import { isApiError } from "../../../api/errors";
import { ErrorResult } from "../../../components/ErrorResult";
import { NotAllowedPage } from "../../../components/NotAllowedPage";
import { NotFoundPage } from "../../../components/NotFoundPage";
import { PageSpinner } from "../../../components/PageSpinner";
import { useStoredFlag } from "../../../components/use-stored-flag";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import {
  type OrganizationTab,
  organizationPath,
  parseOrganizationId,
  TAB_PERMISSIONS,
  tabOfPath,
} from "../../../routes/organization-routes";
import { useMe } from "../../auth/hooks/use-me";
import { OrganizationSearchSelect } from "../components/OrganizationSearchSelect";
import { OrganizationTree } from "../components/OrganizationTree";
import type { OrganizationOutletContext } from "../hooks/use-current-organization";
import { useOrganization } from "../hooks/use-organizations";

/**
 * /orgs/:orgId[/tab]: the tree and search on the left, the organization's tabs on the right. On a phone
 * (narrower than antd's `md` breakpoint, 768 px) the tree and search open in a drawer from a button
 * above the page, so the page gets the full width of a 375 px screen.
 */
export function OrganizationPage() {
  const organizationId = parseOrganizationId(useParams().orgId);
  if (organizationId === undefined) return <NotFoundPage />;
  return <OrganizationView organizationId={organizationId} />;
}

function OrganizationView({ organizationId }: { organizationId: number }) {
  const me = useMe();
  const t = useT();
  const labels = useLabels();
  const navigate = useNavigate();
  const tab = tabOfPath(useMatch("/orgs/:orgId/*")?.params["*"]);
  const organization = useOrganization(organizationId);

  const pathIds = useMemo(
    () => organization.data?.ancestors.map((ancestor) => ancestor.id) ?? [],
    [organization.data],
  );
  const goTo = (id: number) => navigate(organizationPath(id, tab));

  const allTabs: { key: OrganizationTab; label: string }[] = [
    { key: "overview", label: t("tabs.overview") },
    { key: "children", label: t("tabs.children") },
    { key: "members", label: t("tabs.members") },
    { key: "development", label: t("tabs.development") },
    { key: "quotas", label: t("tabs.quotas") },
    { key: "reviews", label: t("tabs.reviews") },
    { key: "import", label: t("tabs.import") },
    { key: "dashboard", label: t("tabs.dashboard") },
    { key: "indicators", label: t("tabs.indicators") },
    { key: "plans", label: t("tabs.plans") },
    { key: "users", label: t("tabs.users") },
    { key: "audit", label: t("tabs.audit") },
  ];
  const allowed = (key: OrganizationTab) => me.permissions.includes(TAB_PERMISSIONS[key]);
  // A branch holds no organization (canHoldChild), so it has no 下级组织 tab.
  const isBranch = organization.data?.kind === "branch";
  const tabs = allTabs.filter(({ key }) => allowed(key) && !(key === "children" && isBranch));
  const [treeCollapsed, setTreeCollapsed] = useStoredFlag("tuanwu.organizationTree.collapsed");
  // useBreakpoint is empty before its first measurement: desktop until `md` is known to be false.
  const isPhone = Grid.useBreakpoint().md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);

  const outletContext: OrganizationOutletContext | undefined = organization.data
    ? { organization: organization.data }
    : undefined;

  const search = <OrganizationSearchSelect onChange={goTo} data-testid="org-search" />;
  const tree = me.scopeRoot && (
    <OrganizationTree
      rootId={me.scopeRoot.id}
      selectedId={organizationId}
      pathIds={pathIds}
      onSelect={goTo}
    />
  );
  const content: ReactNode = (
    <Card size="small" styles={{ body: { paddingTop: 4 } }}>
      {organization.data && (
        <Flex align="center" gap={8} wrap style={{ paddingTop: 8 }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="org-name">
            {organization.data.name}
          </Typography.Title>
          <Tag color="red">{labels.kind(organization.data.kind)}</Tag>
          <Tag>{labels.level(organization.data.level)}</Tag>
        </Flex>
      )}
      <Tabs
        activeKey={tab}
        items={tabs}
        onChange={(key) => navigate(organizationPath(organizationId, tabOfPath(key)))}
      />
      {!allowed(tab) ? (
        <NotAllowedPage />
      ) : organization.isPending ? (
        <PageSpinner />
      ) : organization.isError ? (
        <ErrorResult
          error={organization.error}
          title={isApiError(organization.error, 404) ? t("org.notFound") : undefined}
          onRetry={() => void organization.refetch()}
        />
      ) : (
        <Suspense fallback={<PageSpinner />}>
          <Outlet context={outletContext} />
        </Suspense>
      )}
    </Card>
  );

  if (isPhone) {
    const choose = (id: number) => {
      setDrawerOpen(false);
      goTo(id);
    };
    return (
      <Flex vertical gap={8} data-testid="org-page-phone">
        <Button
          icon={<ApartmentOutlined />}
          onClick={() => setDrawerOpen(true)}
          style={{ alignSelf: "flex-start" }}
          data-testid="org-tree-open"
        >
          {t("tree.open")}
        </Button>
        {content}
        <Drawer
          open={drawerOpen}
          placement="left"
          size="min(320px, 85vw)"
          title={t("tree.open")}
          onClose={() => setDrawerOpen(false)}
          destroyOnHidden
          data-testid="org-tree-drawer"
        >
          <Flex vertical gap={12}>
            <OrganizationSearchSelect onChange={choose} data-testid="org-search" />
            {me.scopeRoot && (
              <OrganizationTree
                rootId={me.scopeRoot.id}
                selectedId={organizationId}
                pathIds={pathIds}
                onSelect={choose}
              />
            )}
          </Flex>
        </Drawer>
      </Flex>
    );
  }

  return (
    <Row gutter={16} wrap={false}>
      {treeCollapsed ? (
        <Col flex="40px">
          <Tooltip title={t("tree.expand")} placement="right">
            <Button
              icon={<MenuUnfoldOutlined />}
              aria-label={t("tree.expand")}
              onClick={() => setTreeCollapsed(false)}
              data-testid="org-tree-expand"
            />
          </Tooltip>
        </Col>
      ) : (
        <Col flex="260px" style={{ minWidth: 0 }}>
          <Card size="small" styles={{ body: { padding: 12 } }}>
            <Flex vertical gap={12}>
              <Flex gap={8}>
                <div style={{ flex: 1, minWidth: 0 }}>{search}</div>
                <Tooltip title={t("tree.collapse")}>
                  <Button
                    icon={<MenuFoldOutlined />}
                    aria-label={t("tree.collapse")}
                    onClick={() => setTreeCollapsed(true)}
                    data-testid="org-tree-collapse"
                  />
                </Tooltip>
              </Flex>
              <div style={{ maxHeight: "calc(100vh - 240px)", overflow: "auto" }}>{tree}</div>
            </Flex>
          </Card>
        </Col>
      )}
      <Col flex="auto" style={{ minWidth: 0 }}>
        {content}
      </Col>
    </Row>
  );
}
