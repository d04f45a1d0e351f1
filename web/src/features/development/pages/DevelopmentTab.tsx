import { PlusOutlined } from "@ant-design/icons";
import {
  DEVELOPMENT_STATES,
  DEVELOPMENT_WORKFLOW,
  type DevelopmentState,
  rankByPoints,
} from "@tuanwu/domain";
import { Button, Flex, Input, Switch, Typography } from "antd";
import { useMemo, useState } from "react";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import type { ApplicationListItem } from "../api/development-types";
import { BatchActionBar, type BoardSelection } from "../components/BatchActionBar";
import { PipelineColumn } from "../components/PipelineColumn";
import { RegisterApplicationModal } from "../components/RegisterApplicationModal";
import { useApplications } from "../hooks/use-development";

/** The board loads the subtree's applications at once (a class branch has tens, a school hundreds). */
const BOARD_PAGE = { page: 1, pageSize: 500 };

/**
 * /orgs/:orgId/development: 发展团员, the pipeline board of the subtree — one column per state of the
 * workflow (DEVELOPMENT_STATE_LABELS), a card per applicant with points and what is missing; select
 * several in one column to take one step for all (batch); a branch registers a written application.
 */
export function DevelopmentTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const abilities = useAbilities();
  const [q, setQ] = useState("");
  const [showClosed, setShowClosed] = useState(false);
  const [registering, setRegistering] = useState(false);
  const [selection, setSelection] = useState<BoardSelection>();
  const applications = useApplications(organization.id, { ...BOARD_PAGE, q: q || undefined });
  const isBranch = organization.kind === "branch";

  const byState = useMemo(() => groupByState(applications.data?.items ?? []), [applications.data]);
  const columns = DEVELOPMENT_STATES.filter(
    (state) => showClosed || !DEVELOPMENT_WORKFLOW.terminal.includes(state),
  );

  const toggle = (state: DevelopmentState, id: number, checked: boolean) => {
    setSelection((current) => {
      const ids = current?.state === state ? current.ids : [];
      const next = checked ? [...ids, id] : ids.filter((other) => other !== id);
      return next.length === 0 ? undefined : { state, ids: next };
    });
  };
  const selectColumn = (state: DevelopmentState, checked: boolean) =>
    setSelection(checked ? { state, ids: (byState.get(state) ?? []).map((item) => item.id) } : undefined);

  return (
    <Flex vertical gap={12} data-testid="development-board">
      <Flex gap={8} align="center" wrap>
        <Input.Search
          allowClear
          placeholder={t("development.searchPlaceholder")}
          onSearch={(value) => setQ(value.trim())}
          style={{ maxWidth: 280 }}
          data-testid="development-search"
        />
        <Flex gap={6} align="center">
          <Switch
            size="small"
            checked={showClosed}
            onChange={setShowClosed}
            data-testid="development-show-closed"
          />
          <Typography.Text>{t("development.showClosed")}</Typography.Text>
        </Flex>
        <div style={{ flex: 1 }} />
        {isBranch && abilities.can("member:write") && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setRegistering(true)}
            data-testid="development-register"
          >
            {t("development.register")}
          </Button>
        )}
      </Flex>
      {selection && (
        <BatchActionBar
          organizationId={organization.id}
          selection={selection}
          applications={byState.get(selection.state) ?? []}
          onDone={() => setSelection(undefined)}
        />
      )}
      {applications.isPending ? (
        <PageSpinner />
      ) : applications.isError ? (
        <ErrorResult error={applications.error} onRetry={() => void applications.refetch()} />
      ) : (
        <div style={{ overflowX: "auto", paddingBottom: 8 }}>
          <Flex gap={12} align="flex-start" style={{ minWidth: "max-content" }}>
            {columns.map((state) => (
              <PipelineColumn
                key={state}
                organizationId={organization.id}
                state={state}
                items={byState.get(state) ?? []}
                selectedIds={selection?.state === state ? selection.ids : []}
                onToggle={(id, checked) => toggle(state, id, checked)}
                onToggleAll={(checked) => selectColumn(state, checked)}
                showBranch={!isBranch}
              />
            ))}
          </Flex>
        </div>
      )}
      {registering && (
        <RegisterApplicationModal branchId={organization.id} open onClose={() => setRegistering(false)} />
      )}
    </Flex>
  );
}

/**
 * The applications per state: candidates (入团积极分子) ranked by points, highest first (积分入团);
 * every other column oldest application first.
 */
function groupByState(items: readonly ApplicationListItem[]): Map<DevelopmentState, ApplicationListItem[]> {
  const groups = new Map<DevelopmentState, ApplicationListItem[]>();
  for (const item of items) groups.set(item.state, [...(groups.get(item.state) ?? []), item]);
  for (const [state, group] of groups) {
    if (state === "candidate") {
      const ranked = rankByPoints(group.map((item) => ({ ...item, points: item.points.total })));
      const byId = new Map(group.map((item) => [item.id, item]));
      groups.set(
        state,
        ranked.flatMap((item) => byId.get(item.id) ?? []),
      );
    } else {
      groups.set(
        state,
        [...group].sort((a, b) => a.applicationDate.localeCompare(b.applicationDate) || a.id - b.id),
      );
    }
  }
  return groups;
}
