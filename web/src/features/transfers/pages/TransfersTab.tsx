import { TRANSFER_STATES, TRANSFER_WORKFLOW, type TransferState } from "@tuanwu/domain";
import { Alert, Button, Card, Flex, Select, Switch, Table, Tabs, Tag, Typography } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import type { TransferWorklist } from "../api/transfer-queries";
import { ClassBatchModal } from "../components/ClassBatchModal";
import { GraduationDateCard } from "../components/GraduationDateCard";
import { IncomingLetterModal } from "../components/IncomingLetterModal";
import { MemberFlowsCard } from "../components/MemberFlowsCard";
import { SeasonRates } from "../components/SeasonRates";
import { SeasonSettingsCard } from "../components/SeasonSettingsCard";
import { StartTransferModal } from "../components/StartTransferModal";
import { stateColor } from "../components/TransferView";
import { useTransferBacklog, useTransferWorklist } from "../hooks/use-transfers";
import { useTransferLabels } from "../transfer-labels";
import { transferPath } from "../transfer-paths";

/** The states a transfer waits in (the workflow's terminal states left out). */
const OPEN_STATES = TRANSFER_STATES.filter(
  (state) => !(TRANSFER_WORKFLOW.terminal as readonly string[]).includes(state),
);

type WorklistItem = TransferWorklist["items"][number];

/** Who sets a season's deadlines (the server's SEASON_KINDS): committees and working committees. */
const SEASON_KINDS: readonly string[] = ["committee", "working_committee"];

/**
 * /orgs/:orgId/transfers: 组织关系转接 — the season's rates, the organization's open transfers by step
 * and age (overdue highlighted, those awaiting this organization first), a committee's backlog by child,
 * and starting one (a member), receiving one (by citizen ID and name), registering an incoming paper
 * letter (介绍信, an organization outside tuanwu) or a graduating class's batch (a branch with members); beside the work list, 流动团员 and the season settings (a committee) or the
 * graduation date (a branch).
 */
export function TransfersTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const labels = useTransferLabels();
  const navigate = useNavigate();
  const abilities = useAbilities();
  const [state, setState] = useState<TransferState>();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [starting, setStarting] = useState(false);
  const [receiving, setReceiving] = useState(false);
  const [section, setSection] = useState("worklist");
  const [batching, setBatching] = useState(false);
  const [registeringLetter, setRegisteringLetter] = useState(false);
  const [batchMessage, setBatchMessage] = useState<string>();
  const isBranch = organization.kind === "branch";
  const worklist = useTransferWorklist(organization.id, { state, overdueOnly });
  const backlog = useTransferBacklog(organization.id, !isBranch);
  const canWrite = abilities.can("member:write");

  return (
    <Flex vertical gap={12} data-testid="transfers-tab">
      <Flex gap={8} wrap align="center">
        {canWrite && (
          <Button type="primary" onClick={() => setStarting(true)} data-testid="transfers-start">
            {t("transfers.start")}
          </Button>
        )}
        {canWrite && (
          <Button onClick={() => setReceiving(true)} data-testid="transfers-start-incoming">
            {t("transfers.startIncoming")}
          </Button>
        )}
        {canWrite && (
          <Button onClick={() => setRegisteringLetter(true)} data-testid="transfers-incoming-letter">
            {t("transfers.incomingLetter")}
          </Button>
        )}
        {canWrite && isBranch && (
          <Button onClick={() => setBatching(true)} data-testid="transfers-start-batch">
            {t("transfers.startBatch")}
          </Button>
        )}
      </Flex>
      {batchMessage && (
        <Alert
          type="success"
          showIcon
          closable
          title={batchMessage}
          onClose={() => setBatchMessage(undefined)}
          data-testid="batch-done"
        />
      )}
      <Tabs
        activeKey={section}
        onChange={setSection}
        destroyOnHidden
        data-testid="transfers-sections"
        items={[
          {
            key: "worklist",
            label: t("transfers.worklist"),
            children: (
              <Flex vertical gap={12}>
                {abilities.can("stats:read") && <SeasonRates organizationId={organization.id} />}
                <Card
                  size="small"
                  title={t("transfers.worklist")}
                  extra={
                    <Flex gap={8} align="center">
                      <Select<TransferState | "">
                        style={{ width: 200 }}
                        value={state ?? ""}
                        onChange={(value) => setState(value === "" ? undefined : value)}
                        options={[
                          { value: "", label: t("transfers.allSteps") },
                          ...OPEN_STATES.map((value) => ({ value, label: labels.state(value) })),
                        ]}
                        data-testid="worklist-state"
                      />
                      <Switch
                        size="small"
                        checked={overdueOnly}
                        onChange={setOverdueOnly}
                        data-testid="worklist-overdue"
                      />
                      <Typography.Text>{t("transfers.overdueOnly")}</Typography.Text>
                    </Flex>
                  }
                >
                  {worklist.isError ? (
                    <ErrorResult error={worklist.error} onRetry={() => void worklist.refetch()} />
                  ) : (
                    <Flex vertical gap={8}>
                      {worklist.data && (
                        <Flex gap={8} wrap data-testid="worklist-counts">
                          <Tag>{t("transfers.total", { total: worklist.data.total })}</Tag>
                          <Tag color="blue">
                            {t("transfers.awaitingHereCount", { count: worklist.data.awaitingHere })}
                          </Tag>
                          <Tag color={worklist.data.overdue > 0 ? "red" : "default"}>
                            {t("transfers.overdueCount", { count: worklist.data.overdue })}
                          </Tag>
                          {worklist.data.counts.map((count) => (
                            <Tag key={count.state} color={count.overdue > 0 ? "orange" : "default"}>
                              {labels.state(count.state)} {count.count}
                            </Tag>
                          ))}
                        </Flex>
                      )}
                      {worklist.data?.truncated && <Alert type="info" title={t("transfers.truncated")} />}
                      <Table<WorklistItem>
                        size="small"
                        rowKey="transferId"
                        loading={worklist.isPending}
                        dataSource={worklist.data?.items ?? []}
                        locale={{ emptyText: t("transfers.empty") }}
                        pagination={{ pageSize: 20, hideOnSinglePage: true }}
                        rowClassName={(item) => (item.overdue ? "transfer-overdue" : "")}
                        onRow={(item) =>
                          ({
                            onClick: () => navigate(transferPath(organization.id, item.transferId)),
                            style: { cursor: "pointer", ...(item.overdue ? { background: "#fff1f0" } : {}) },
                            "data-testid": `worklist-row-${item.transferId}`,
                          }) as object
                        }
                        data-testid="worklist"
                        columns={[
                          { title: t("transfers.member"), dataIndex: "memberName" },
                          {
                            title: t("transfers.state"),
                            render: (_, item) => (
                              <Flex gap={4} wrap>
                                <Tag color={stateColor(item.state)}>{labels.state(item.state)}</Tag>
                                {item.awaitingHere && <Tag color="blue">{t("transfers.awaitingHere")}</Tag>}
                              </Flex>
                            ),
                          },
                          { title: t("transfers.from"), render: (_, item) => item.fromName ?? "—" },
                          { title: t("transfers.to"), render: (_, item) => item.toName ?? "—" },
                          { title: t("transfers.kind"), render: (_, item) => labels.kind(item.kind) },
                          { title: t("transfers.startedOn"), dataIndex: "startedOn" },
                          {
                            title: t("transfers.daysAtStep"),
                            sorter: (a, b) => a.daysAtStep - b.daysAtStep,
                            render: (_, item) => (
                              <Flex gap={4}>
                                <span>{t("transfers.days", { days: item.daysAtStep })}</span>
                                {item.overdue && (
                                  <Tag color="red" data-testid="overdue-tag">
                                    {t("transfers.overdue")}
                                  </Tag>
                                )}
                              </Flex>
                            ),
                          },
                        ]}
                      />
                    </Flex>
                  )}
                </Card>
                {!isBranch && backlog.data && (
                  <Card size="small" title={t("transfers.backlog")} data-testid="transfer-backlog">
                    <Table
                      size="small"
                      rowKey="organizationId"
                      pagination={false}
                      dataSource={[
                        {
                          organizationId: organization.id,
                          name: t("transfers.atThisOrganization"),
                          ...backlog.data.atThisOrganization,
                        },
                        ...backlog.data.children,
                      ].filter((row) => row.total > 0 || row.organizationId !== organization.id)}
                      columns={[
                        { title: t("transfers.child"), dataIndex: "name" },
                        { title: t("transfers.open"), dataIndex: "total" },
                        {
                          title: t("transfers.overdue"),
                          render: (_, row) => (row.overdue > 0 ? <Tag color="red">{row.overdue}</Tag> : 0),
                        },
                        { title: t("transfers.oldestDays"), dataIndex: "oldestDays" },
                        {
                          title: t("transfers.state"),
                          render: (_, row) => (
                            <Flex gap={4} wrap>
                              {row.byState.map((count) => (
                                <Tag key={count.state}>
                                  {labels.state(count.state)} {count.count}
                                </Tag>
                              ))}
                            </Flex>
                          ),
                        },
                      ]}
                    />
                  </Card>
                )}
              </Flex>
            ),
          },
          {
            key: "flows",
            label: t("transfers.flows"),
            children: (
              <MemberFlowsCard organizationId={organization.id} canWrite={canWrite} isBranch={isBranch} />
            ),
          },
          isBranch
            ? {
                key: "graduation",
                label: t("transfers.graduationDate"),
                children: (
                  <GraduationDateCard
                    organizationId={organization.id}
                    graduatesOn={organization.graduatesOn}
                    canWrite={canWrite}
                  />
                ),
              }
            : {
                key: "season",
                label: t("transfers.seasonSettings"),
                children: (
                  <SeasonSettingsCard
                    organizationId={organization.id}
                    canWrite={canWrite && SEASON_KINDS.includes(organization.kind)}
                  />
                ),
              },
        ]}
      />
      {starting && (
        <StartTransferModal
          organizationId={organization.id}
          onClose={() => setStarting(false)}
          onStarted={(transfer) => {
            setStarting(false);
            navigate(transferPath(organization.id, transfer.id));
          }}
        />
      )}
      {receiving && (
        <StartTransferModal
          organizationId={organization.id}
          receiving={{ organization: { id: organization.id, name: organization.name } }}
          onClose={() => setReceiving(false)}
          onStarted={(transfer) => {
            setReceiving(false);
            navigate(transferPath(organization.id, transfer.id));
          }}
        />
      )}
      {registeringLetter && (
        <IncomingLetterModal
          organization={organization}
          onClose={() => setRegisteringLetter(false)}
          onRegistered={(transfer) => {
            setRegisteringLetter(false);
            navigate(transferPath(organization.id, transfer.id));
          }}
        />
      )}
      {batching && (
        <ClassBatchModal
          classOrganizationId={organization.id}
          onClose={() => setBatching(false)}
          onDone={(result) => {
            setBatching(false);
            setBatchMessage(
              t("transfers.batchDone", { transfers: result.transfers.length, flows: result.flows.length }),
            );
          }}
        />
      )}
    </Flex>
  );
}
