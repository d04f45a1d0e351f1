import { TRANSFER_KINDS, TRANSFER_REASONS } from "@tuanwu/domain";
import { Alert, type ButtonProps, Form, Input, Modal, Radio, Select, Typography } from "antd";
import { useState } from "react";
import { isApiError } from "../../../api/errors";
import { DateStringPicker, todayIso } from "../../../components/DateStringPicker";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { showFieldErrorOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import type { TransferDetail, TransferStartBody } from "../api/transfer-queries";
import { useStartTransfer, useTransferMemberOptions } from "../hooks/use-transfers";
import { useTransferLabels } from "../transfer-labels";
import { TransferDestinationSelect } from "./TransferDestinationSelect";

const FIELDS = [
  "memberId",
  "citizenId",
  "name",
  "toOrganizationId",
  "toExternalName",
  "toExternalAddress",
  "toExternalContact",
  "reason",
  "kind",
  "startedOn",
  "note",
] as const;

interface StartTransferModalProps {
  /** Whose active members are offered (the sending branch or a committee above it). */
  organizationId: number;
  /** The member is fixed (the member's own page): no member field. */
  memberId?: number;
  /**
   * The receiving side's start (办理转入): the member named by citizen ID and name (the receiving side
   * cannot read the sending side's members), into this organization; `citizenId` / `name` prefill them
   * (the duplicate-ID offer of 新增团员).
   */
  receiving?: { organization: { id: number; name: string }; citizenId?: string; name?: string };
  onClose: () => void;
  onStarted: (transfer: TransferDetail) => void;
}

/**
 * Starts one transfer (发起转接): the member, the receiving organization (a branch, or a committee that
 * assigns one), the standard reason and kind, the date. A 400 shows beside the field it names (a transfer
 * to the member's own branch, a member who is not active); a 409 (one already open) above the form.
 * With `receiving`, the receiving side's start by citizen ID and name (POST /transfers, issue 11 part 1).
 */
export function StartTransferModal({
  organizationId,
  memberId,
  receiving,
  onClose,
  onStarted,
}: StartTransferModalProps) {
  const t = useT();
  const labels = useTransferLabels();
  const [form] = Form.useForm<TransferStartBody>();
  const [q, setQ] = useState("");
  const members = useTransferMemberOptions(
    organizationId,
    q,
    memberId === undefined && receiving === undefined,
  );
  const start = useStartTransfer();
  // 转出本系统: the receiving organization is one tuanwu does not hold, named; the approval issues the letter.
  const [outside, setOutside] = useState(false);

  const onFinish = (values: TransferStartBody) => {
    const body: TransferStartBody = receiving
      ? {
          ...values,
          memberId: undefined,
          citizenId: values.citizenId?.trim().toUpperCase(),
          name: values.name?.trim(),
          toOrganizationId: receiving.organization.id,
          note: values.note?.trim() ? values.note.trim() : undefined,
        }
      : {
          ...values,
          memberId: memberId ?? values.memberId,
          toOrganizationId: outside ? undefined : values.toOrganizationId,
          toExternalName: outside ? values.toExternalName?.trim() : undefined,
          toExternalAddress:
            outside && values.toExternalAddress?.trim() ? values.toExternalAddress.trim() : undefined,
          toExternalContact:
            outside && values.toExternalContact?.trim() ? values.toExternalContact.trim() : undefined,
          note: values.note?.trim() ? values.note.trim() : undefined,
        };
    start.mutate(body, {
      onSuccess: onStarted,
      onError: (error) => showFieldErrorOf(form, error, FIELDS),
    });
  };

  return (
    <Modal
      open
      title={receiving ? t("transfers.startIncoming") : t("transfers.start")}
      okText={t("transfers.submitStart")}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={start.isPending}
      okButtonProps={{ "data-testid": "start-transfer-submit" } as ButtonProps}
      destroyOnHidden
    >
      {isApiError(start.error, 409) ? (
        <Alert
          type="warning"
          showIcon
          title={start.error.message}
          style={{ marginBottom: 16 }}
          data-testid="start-conflict"
        />
      ) : (
        <FormErrorAlert error={start.error} fieldNames={FIELDS} style={{ marginBottom: 16 }} />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          startedOn: todayIso(),
          kind: "ordinary",
          citizenId: receiving?.citizenId,
          name: receiving?.name,
        }}
        onFinish={onFinish}
        data-testid="start-transfer-form"
      >
        {receiving && (
          <>
            <Typography.Paragraph type="secondary" data-testid="start-incoming-hint">
              {t("transfers.startIncomingHint", { organization: receiving.organization.name })}
            </Typography.Paragraph>
            <Form.Item
              name="citizenId"
              label={t("transfers.citizenId")}
              rules={[
                { required: true, message: t("transfers.citizenIdRequired") },
                { pattern: /^\d{17}[\dXx]$/, message: t("transfers.citizenIdRequired") },
              ]}
            >
              <Input maxLength={18} data-testid="start-incoming-citizen-id" />
            </Form.Item>
            <Form.Item
              name="name"
              label={t("transfers.memberName")}
              rules={[{ required: true, whitespace: true, message: t("transfers.memberNameRequired") }]}
            >
              <Input maxLength={50} data-testid="start-incoming-name" />
            </Form.Item>
          </>
        )}
        {memberId === undefined && !receiving && (
          <Form.Item
            name="memberId"
            label={t("transfers.memberField")}
            rules={[{ required: true, message: t("transfers.memberPlaceholder") }]}
          >
            <Select
              showSearch={{ filterOption: false, onSearch: setQ }}
              placeholder={t("transfers.memberPlaceholder")}
              loading={members.isFetching}
              options={(members.data?.items ?? []).map((member) => ({
                value: member.id,
                label: member.name,
              }))}
              data-testid="start-transfer-member"
            />
          </Form.Item>
        )}
        {receiving ? (
          <Form.Item label={t("transfers.toOrganization")}>
            <Typography.Text data-testid="start-incoming-to">{receiving.organization.name}</Typography.Text>
          </Form.Item>
        ) : (
          <>
            <Form.Item label={t("transfers.destinationWhere")}>
              <Radio.Group
                value={outside ? "outside" : "inside"}
                onChange={(event) => setOutside(event.target.value === "outside")}
                options={[
                  { value: "inside", label: t("transfers.destinationInside") },
                  { value: "outside", label: t("transfers.destinationOutside") },
                ]}
                data-testid="start-transfer-where"
              />
            </Form.Item>
            {outside ? (
              <>
                <Form.Item
                  name="toExternalName"
                  label={t("transfers.externalName")}
                  extra={t("transfers.externalNameHint")}
                  rules={[{ required: true, whitespace: true, message: t("transfers.externalNameRequired") }]}
                >
                  <Input maxLength={100} data-testid="start-transfer-external-name" />
                </Form.Item>
                <Form.Item name="toExternalAddress" label={t("transfers.externalAddress")}>
                  <Input maxLength={200} data-testid="start-transfer-external-address" />
                </Form.Item>
                <Form.Item name="toExternalContact" label={t("transfers.externalContact")}>
                  <Input maxLength={100} data-testid="start-transfer-external-contact" />
                </Form.Item>
              </>
            ) : (
              <Form.Item
                name="toOrganizationId"
                label={t("transfers.toOrganization")}
                extra={t("transfers.destinationHint")}
                rules={[{ required: true, message: t("transfers.toPlaceholder") }]}
              >
                <TransferDestinationSelect
                  placeholder={t("transfers.toPlaceholder")}
                  data-testid="start-transfer-to"
                />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item
          name="reason"
          label={t("transfers.reason")}
          rules={[{ required: true, message: t("transfers.reason") }]}
        >
          <Select
            options={TRANSFER_REASONS.map((reason) => ({ value: reason, label: labels.reason(reason) }))}
            data-testid="start-transfer-reason"
          />
        </Form.Item>
        <Form.Item name="kind" label={t("transfers.kind")} rules={[{ required: true }]}>
          <Select
            options={TRANSFER_KINDS.map((kind) => ({ value: kind, label: labels.kind(kind) }))}
            data-testid="start-transfer-kind"
          />
        </Form.Item>
        <Form.Item name="startedOn" label={t("transfers.startedOn")} rules={[{ required: true }]}>
          <DateStringPicker />
        </Form.Item>
        <Form.Item name="note" label={t("transfers.noteField")}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
