import type { TransferAction } from "@tuanwu/domain";
import { Alert, Card, Descriptions, Flex, Tag, Timeline, Typography } from "antd";
import { useT } from "../../../i18n/use-t";
import type { MessageKey } from "../../../i18n/zh-CN";
import type { TransferDetail } from "../api/transfer-queries";
import { useTransferLabels } from "../transfer-labels";
import { TransferActions } from "./TransferActions";
import { TransferLetterButtons } from "./TransferLetterButtons";

/** The local label, or the server's when the code is not one the web knows. */
function orLabel(local: string, code: string, server: string): string {
  return local === code ? server : local;
}

/** The colour of a step's tag: open steps blue, completed or transferred out green, returned/withdrawn grey. */
export function stateColor(state: string): string {
  if (state === "completed" || state === "transferred_out") return "green";
  if (state === "returned" || state === "withdrawn") return "default";
  return "processing";
}

interface TransferViewProps {
  transfer: TransferDetail;
  /** Takes a step with the transfer's version (the page's mutation). */
  onTransition: (action: TransferAction, payload: Record<string, unknown>) => Promise<unknown>;
  onReload: () => void;
  /** The phone layout: one column. */
  compact?: boolean;
}

/**
 * A transfer's page (组织关系转接): who, from where to where, why, the current step, the steps this user
 * may take (only the detail's availableActions), and the history of every step with its reason.
 */
export function TransferView({ transfer, onTransition, onReload, compact = false }: TransferViewProps) {
  const t = useT();
  const labels = useTransferLabels();
  const organizationName = (reference: { name: string } | null, external: string | null) =>
    reference?.name ?? external ?? "—";
  return (
    <Flex vertical gap={12} data-testid="transfer-view">
      <Card size="small">
        <Flex vertical gap={8}>
          <Flex gap={8} align="center" wrap>
            <Typography.Title level={5} style={{ margin: 0 }} data-testid="transfer-member-name">
              {transfer.member.name}
            </Typography.Title>
            <Tag color={stateColor(transfer.state)} data-testid="transfer-state">
              {labels.state(transfer.state)}
            </Tag>
            <Tag>{t(`transfers.side.${transfer.side}` as MessageKey)}</Tag>
          </Flex>
          {transfer.outOfInstallation && transfer.letterNumber && transfer.side === "member" && (
            <Alert
              type="success"
              showIcon
              title={t("transfers.letterForMember", { number: transfer.letterNumber })}
              data-testid="transfer-letter-member"
            />
          )}
          {transfer.member.masked && transfer.side === "receiving" && (
            <Alert type="info" showIcon title={t("transfers.masked")} data-testid="transfer-masked" />
          )}
          <Descriptions size="small" column={compact ? 1 : 2} bordered={!compact}>
            <Descriptions.Item label={t("transfers.from")}>
              {organizationName(transfer.from, transfer.fromExternalName)}
            </Descriptions.Item>
            <Descriptions.Item label={t("transfers.to")}>
              <span data-testid="transfer-to">{organizationName(transfer.to, transfer.toExternalName)}</span>
            </Descriptions.Item>
            {transfer.assignedBranch && (
              <Descriptions.Item label={t("transfers.assignedBranch")}>
                {transfer.assignedBranch.name}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t("transfers.reason")}>
              {labels.reason(transfer.reason)}
            </Descriptions.Item>
            <Descriptions.Item label={t("transfers.kind")}>{labels.kind(transfer.kind)}</Descriptions.Item>
            <Descriptions.Item label={t("transfers.startedOn")}>{transfer.startedOn}</Descriptions.Item>
            {transfer.destination && (
              <Descriptions.Item label={t("transfers.destination")}>
                {labels.destination(transfer.destination)}
              </Descriptions.Item>
            )}
            {transfer.completedOn && (
              <Descriptions.Item label={t("transfers.completedOn")}>{transfer.completedOn}</Descriptions.Item>
            )}
            {transfer.toExternalAddress && (
              <Descriptions.Item label={t("transfers.externalAddress")}>
                {transfer.toExternalAddress}
              </Descriptions.Item>
            )}
            {transfer.toExternalContact && (
              <Descriptions.Item label={t("transfers.externalContact")}>
                {transfer.toExternalContact}
              </Descriptions.Item>
            )}
            {transfer.incomingLetterNumber && (
              <Descriptions.Item label={t("transfers.incomingLetterNumber")}>
                {transfer.incomingLetterNumber}
              </Descriptions.Item>
            )}
            {transfer.letterNumber && (
              <Descriptions.Item label={t("transfers.letterNumber")}>
                {transfer.letterNumber}
              </Descriptions.Item>
            )}
          </Descriptions>
          <TransferLetterButtons transfer={transfer} />
        </Flex>
      </Card>
      {!transfer.closed && (
        <Card size="small" title={t("transfers.actions")}>
          <TransferActions
            availableActions={transfer.availableActions.map((available) => available.action)}
            onTransition={onTransition}
            onReload={onReload}
          />
        </Card>
      )}
      <Card size="small" title={t("transfers.history")}>
        <Timeline
          data-testid="transfer-history"
          items={transfer.history.map((step) => ({
            key: step.sequence,
            color: step.toState === "returned" || step.toState === "withdrawn" ? "gray" : "blue",
            content: (
              <Flex vertical gap={2}>
                <Typography.Text strong>
                  {orLabel(labels.action(step.action), step.action, step.actionLabel)} →{" "}
                  {orLabel(labels.state(step.toState), step.toState, step.toStateLabel)}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {step.occurredOn} · {step.actorName}
                </Typography.Text>
                {/* The start records its standard reason as the note: its label, not the code. */}
                {step.note && <Typography.Text>{labels.reason(step.note)}</Typography.Text>}
              </Flex>
            ),
          }))}
        />
      </Card>
    </Flex>
  );
}
