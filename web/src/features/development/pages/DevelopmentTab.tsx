import { DownloadOutlined, PlusOutlined } from "@ant-design/icons";
import { DEVELOPMENT_STATES, DEVELOPMENT_WORKFLOW, type DevelopmentState } from "@tuanwu/domain";
import { Alert, Button, Flex, Input, Switch, Typography } from "antd";
import { useState } from "react";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import type { ApplicationListItem } from "../api/development-types";
import { BatchActionBar, type BoardSelection } from "../components/BatchActionBar";
import { PipelineColumn } from "../components/PipelineColumn";
import { RegisterApplicationModal } from "../components/RegisterApplicationModal";
import { useDownloadPublicNotice } from "../hooks/use-development";

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
  const isBranch = organization.kind === "branch";
  const publicNotice = useDownloadPublicNotice(organization.id);
  const columns = DEVELOPMENT_STATES.filter(
    (state) => showClosed || !DEVELOPMENT_WORKFLOW.terminal.includes(state),
  );

  // A selection lies in one column: choosing in another column starts a new one.
  const toggle = (state: DevelopmentState, item: ApplicationListItem, checked: boolean) => {
    setSelection((current) => {
      const items = current?.state === state ? current.items : [];
      const next = checked ? [...items, item] : items.filter((other) => other.id !== item.id);
      return next.length === 0 ? undefined : { state, items: next };
    });
  };
  const selectColumn = (state: DevelopmentState, items: ApplicationListItem[], checked: boolean) =>
    setSelection(checked && items.length > 0 ? { state, items } : undefined);

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
        <Button
          icon={<DownloadOutlined />}
          loading={publicNotice.isPending}
          onClick={() => publicNotice.mutate()}
          data-testid="development-public-notice"
        >
          {t("development.publicNotice")}
        </Button>
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
      {publicNotice.isError && (
        <Alert type="error" showIcon title={errorMessageOf(publicNotice.error, t("common.error"))} />
      )}
      {selection && (
        <BatchActionBar
          organizationId={organization.id}
          selection={selection}
          onDone={() => setSelection(undefined)}
        />
      )}
      <div style={{ overflowX: "auto", paddingBottom: 8 }}>
        <Flex gap={12} align="flex-start" style={{ minWidth: "max-content" }}>
          {columns.map((state) => (
            <PipelineColumn
              key={state}
              organizationId={organization.id}
              state={state}
              q={q}
              selectedIds={selection?.state === state ? selection.items.map((item) => item.id) : []}
              onToggle={(item, checked) => toggle(state, item, checked)}
              onToggleAll={(items, checked) => selectColumn(state, items, checked)}
              showBranch={!isBranch}
            />
          ))}
        </Flex>
      </div>
      {registering && (
        <RegisterApplicationModal branchId={organization.id} open onClose={() => setRegistering(false)} />
      )}
    </Flex>
  );
}
