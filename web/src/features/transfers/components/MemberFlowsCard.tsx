import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Card,
  Flex,
  Form,
  Modal,
  Popconfirm,
  Select,
  Table,
  Tag,
} from "antd";
import { useState } from "react";
import { DateStringPicker, todayIso } from "../../../components/DateStringPicker";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { errorMessageOf, showFieldErrorOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import type { FlowDirection, MemberFlow } from "../api/transfer-queries";
import {
  useEndMemberFlow,
  useMemberFlows,
  useStartMemberFlow,
  useTransferMemberOptions,
} from "../hooks/use-transfers";
import { TransferDestinationSelect } from "./TransferDestinationSelect";

interface MemberFlowsCardProps {
  organizationId: number;
  /** member:write: set up (a branch: its members) and end flows. */
  canWrite: boolean;
  /** Members sit in branches: only a branch sets up a flow of its own members. */
  isBranch: boolean;
}

const REMINDER_COLORS: Record<MemberFlow["reminder"], string> = {
  none: "default",
  due: "orange",
  expired: "red",
};

/**
 * 流动团员 (issue 11 part 5): the open flows out of and into the organization's subtree, with the
 * reminder before a stay ends (due within 30 days, expired); the outflow branch sets one up (a member,
 * the inflow organization, since, until), either side ends one. Both sides see them; the member is
 * counted once, where they belong.
 */
export function MemberFlowsCard({ organizationId, canWrite, isBranch }: MemberFlowsCardProps) {
  const t = useT();
  const { message } = App.useApp();
  const [direction, setDirection] = useState<FlowDirection>("both");
  const [starting, setStarting] = useState(false);
  const flows = useMemberFlows(organizationId, direction);
  const end = useEndMemberFlow();

  return (
    <Card
      size="small"
      title={t("transfers.flows")}
      extra={
        <Flex gap={8}>
          <Select<FlowDirection>
            style={{ width: 140 }}
            value={direction}
            onChange={setDirection}
            options={[
              { value: "both", label: t("transfers.flowsBoth") },
              { value: "outflow", label: t("transfers.flowsOut") },
              { value: "inflow", label: t("transfers.flowsIn") },
            ]}
            data-testid="flows-direction"
          />
          {canWrite && isBranch && (
            <Button type="primary" onClick={() => setStarting(true)} data-testid="flows-start">
              {t("transfers.flowStart")}
            </Button>
          )}
        </Flex>
      }
      data-testid="member-flows"
    >
      {flows.data && flows.data.reminders > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t("transfers.flowReminders", { count: flows.data.reminders })}
          style={{ marginBottom: 12 }}
          data-testid="flows-reminders"
        />
      )}
      {flows.isError && (
        <Alert type="error" showIcon title={errorMessageOf(flows.error, t("common.error"))} />
      )}
      <Table<MemberFlow>
        size="small"
        rowKey="id"
        loading={flows.isPending}
        dataSource={flows.data?.items ?? []}
        locale={{ emptyText: t("transfers.flowsEmpty") }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="flows-table"
        columns={[
          { title: t("transfers.member"), dataIndex: "memberName" },
          { title: t("transfers.flowOutflow"), dataIndex: "outflowName" },
          { title: t("transfers.flowInflow"), dataIndex: "inflowName" },
          { title: t("transfers.flowSince"), dataIndex: "since" },
          { title: t("transfers.flowUntil"), render: (_, flow) => flow.until ?? "—" },
          {
            title: t("transfers.flowReminder"),
            render: (_, flow) =>
              flow.reminder === "none" ? null : (
                <Tag color={REMINDER_COLORS[flow.reminder]} data-testid={`flow-reminder-${flow.id}`}>
                  {flow.reminder === "due" ? t("transfers.flowDue") : t("transfers.flowExpired")}
                </Tag>
              ),
          },
          ...(canWrite
            ? [
                {
                  title: "",
                  key: "end",
                  render: (_: unknown, flow: MemberFlow) => (
                    <Popconfirm
                      title={t("transfers.flowEndConfirm", { name: flow.memberName })}
                      okText={t("transfers.flowEnd")}
                      cancelText={t("common.cancel")}
                      onConfirm={() =>
                        end.mutateAsync({ flowId: flow.id, endedOn: todayIso() }).then(
                          () => void message.success(t("transfers.flowEnded")),
                          (error: unknown) => void message.error(errorMessageOf(error, t("common.error"))),
                        )
                      }
                    >
                      <Button size="small" danger data-testid={`flow-end-${flow.id}`}>
                        {t("transfers.flowEnd")}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {starting && (
        <StartFlowModal
          organizationId={organizationId}
          onClose={() => setStarting(false)}
          onStarted={() => {
            setStarting(false);
            void message.success(t("transfers.flowStarted"));
          }}
        />
      )}
    </Card>
  );
}

const FLOW_FIELDS = ["memberId", "inflowOrganizationId", "since", "until"] as const;

interface StartFlowValues {
  memberId: number;
  inflowOrganizationId: number;
  since: string;
  until?: string | null;
}

/**
 * 登记流动团员: a member of the branch, the organization that manages them meanwhile (any organization of
 * the installation, by the transfers' lookup: POST /members/{id}/flows checks only that it exists), since,
 * until.
 */
function StartFlowModal({
  organizationId,
  onClose,
  onStarted,
}: {
  organizationId: number;
  onClose: () => void;
  onStarted: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<StartFlowValues>();
  const [q, setQ] = useState("");
  const members = useTransferMemberOptions(organizationId, q);
  const start = useStartMemberFlow();
  return (
    <Modal
      open
      title={t("transfers.flowStart")}
      okText={t("common.submit")}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={start.isPending}
      okButtonProps={{ "data-testid": "flow-start-submit" } as ButtonProps}
      destroyOnHidden
    >
      <FormErrorAlert error={start.error} fieldNames={FLOW_FIELDS} style={{ marginBottom: 16 }} />
      <Form<StartFlowValues>
        form={form}
        layout="vertical"
        initialValues={{ since: todayIso() }}
        onFinish={(values) =>
          start.mutate(
            {
              memberId: values.memberId,
              inflowOrganizationId: values.inflowOrganizationId,
              since: values.since,
              until: values.until ?? undefined,
            },
            { onSuccess: onStarted, onError: (error) => showFieldErrorOf(form, error, FLOW_FIELDS) },
          )
        }
        data-testid="flow-start-form"
      >
        <Form.Item
          name="memberId"
          label={t("transfers.memberField")}
          rules={[{ required: true, message: t("transfers.memberPlaceholder") }]}
        >
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            placeholder={t("transfers.memberPlaceholder")}
            loading={members.isFetching}
            options={(members.data?.items ?? []).map((member) => ({ value: member.id, label: member.name }))}
            data-testid="flow-start-member"
          />
        </Form.Item>
        <Form.Item
          name="inflowOrganizationId"
          label={t("transfers.flowInflow")}
          extra={t("transfers.destinationHint")}
          rules={[{ required: true, message: t("transfers.toPlaceholder") }]}
        >
          <TransferDestinationSelect
            placeholder={t("transfers.toPlaceholder")}
            data-testid="flow-start-inflow"
          />
        </Form.Item>
        <Form.Item name="since" label={t("transfers.flowSince")} rules={[{ required: true }]}>
          <DateStringPicker />
        </Form.Item>
        <Form.Item name="until" label={t("transfers.flowUntil")} extra={t("transfers.flowUntilHint")}>
          <DateStringPicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
