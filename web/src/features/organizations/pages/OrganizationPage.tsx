import { MenuFoldOutlined, MenuUnfoldOutlined } from "@ant-design/icons";
import { Button, Card, Col, Flex, Row, Tabs, Tag, Tooltip, Typography } from "antd";
import { Suspense, useMemo } from "react";
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

/** /orgs/:orgId[/tab]: the tree and search on the left, the organization's tabs on the right. */
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

  const outletContext: OrganizationOutletContext | undefined = organization.data
    ? { organization: organization.data }
    : undefined;

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
                <div style={{ flex: 1, minWidth: 0 }}>
                  <OrganizationSearchSelect onChange={goTo} data-testid="org-search" />
                </div>
                <Tooltip title={t("tree.collapse")}>
                  <Button
                    icon={<MenuFoldOutlined />}
                    aria-label={t("tree.collapse")}
                    onClick={() => setTreeCollapsed(true)}
                    data-testid="org-tree-collapse"
                  />
                </Tooltip>
              </Flex>
              <div style={{ maxHeight: "calc(100vh - 240px)", overflow: "auto" }}>
                {me.scopeRoot && (
                  <OrganizationTree
                    rootId={me.scopeRoot.id}
                    selectedId={organizationId}
                    pathIds={pathIds}
                    onSelect={goTo}
                  />
                )}
              </div>
            </Flex>
          </Card>
        </Col>
      )}
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Card size="small" styles={{ body: { paddingTop: 4 } }}>
          {organization.data && (
            <Flex align="center" gap={8} style={{ paddingTop: 8 }}>
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
      </Col>
    </Row>
  );
}
