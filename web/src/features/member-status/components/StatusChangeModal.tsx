import { allowedTransitions, type MemberStatus } from "@tuanwu/domain";
import { Alert, App, Form, Input, Modal, Select, Typography } from "antd";
import { useState } from "react";
import type { MemberDetail } from "../../../api/types";
import { DateStringPicker, todayIso } from "../../../components/DateStringPicker";
import { errorMessageOf, fieldErrorOf } from "../../../components/form-errors";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { OrganizationSearchSelect } from "../../organizations/components/OrganizationSearchSelect";
import { useRequestStatusChange } from "../hooks/use-member-status";

interface StatusChangeValues {
  toStatus: MemberStatus;
  reason: string;
  effectiveOn: string;
  targetOrganizationId?: number;
}

const FIELDS = ["toStatus", "reason", "effectiveOn", "targetOrganizationId"] as const;

interface StatusChangeModalProps {
  member: MemberDetail;
  open: boolean;
  onClose: () => void;
}

/**
 * 团籍状态变更: the changes the domain's state machine allows from the member's status (those a user
 * takes; transfers are the transfer workflow's). Leaving the League and restoring wait for the
 * higher committee's review; the others apply at once.
 */
export function StatusChangeModal({ member, open, onClose }: StatusChangeModalProps) {
  const t = useT();
  const labels = useLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<StatusChangeValues>();
  const [formError, setFormError] = useState<string>();
  const change = useRequestStatusChange(member.id);
  const transitions = allowedTransitions(member.status).filter(
    (transition) => transition.initiatedBy === "user",
  );
  const toStatus = Form.useWatch("toStatus", form);
  const chosen = transitions.find((transition) => transition.to === toStatus);

  const onFinish = (values: StatusChangeValues) => {
    setFormError(undefined);
    change.mutate(
      {
        toStatus: values.toStatus,
        reason: values.reason.trim(),
        effectiveOn: values.effectiveOn,
        targetOrganizationId: chosen?.needsTargetBranch ? values.targetOrganizationId : undefined,
      },
      {
        onSuccess: (answer) => {
          message.success(answer.applied ? t("status.changed") : t("status.requested"));
          onClose();
        },
        onError: (error) => {
          const fieldError = fieldErrorOf(error, FIELDS);
          if (fieldError) form.setFields([{ name: fieldError.name, errors: [fieldError.message] }]);
          else setFormError(errorMessageOf(error, t("common.error")));
        },
      },
    );
  };

  return (
    <Modal
      title={t("status.change")}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.submit")}
      cancelText={t("common.cancel")}
      okButtonProps={{ disabled: transitions.length === 0 }}
      confirmLoading={change.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t("status.current", { status: labels.status(member.status) })}
      </Typography.Paragraph>
      {transitions.length === 0 && <Alert type="info" showIcon title={t("status.noTransitions")} />}
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form<StatusChangeValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ effectiveOn: todayIso() }}
        disabled={transitions.length === 0}
        data-testid="status-change-form"
      >
        <Form.Item
          name="toStatus"
          label={t("status.toStatus")}
          rules={[{ required: true, message: t("common.required") }]}
        >
          <Select<MemberStatus>
            data-testid="status-to"
            options={transitions.map((transition) => ({
              value: transition.to,
              label: `${labels.statusAction(transition.action)} → ${labels.status(transition.to)}`,
            }))}
          />
        </Form.Item>
        {chosen?.requiresReview && (
          <Alert type="info" showIcon title={t("status.needsReview")} style={{ marginBottom: 16 }} />
        )}
        {chosen?.needsTargetBranch && (
          <Form.Item
            name="targetOrganizationId"
            label={t("status.targetBranch")}
            rules={[{ required: true, message: t("common.required") }]}
          >
            <OrganizationSearchSelect exclude={(organization) => organization.kind !== "branch"} />
          </Form.Item>
        )}
        <Form.Item
          name="effectiveOn"
          label={t("status.effectiveOn")}
          rules={[{ required: true, message: t("common.required") }]}
        >
          <DateStringPicker />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t("status.reason")}
          rules={[{ required: true, whitespace: true, message: t("common.required") }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="status-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
