import { LOCKED_AFTER_VERIFICATION, type LockedMemberField } from "@tuanwu/domain";
import { Alert, App, Form, Input, Modal, Select } from "antd";
import { useState } from "react";
import type { CorrectionBody, MemberDetail } from "../../../api/types";
import { errorMessageOf, fieldErrorOf } from "../../../components/form-errors";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { OrganizationSearchSelect } from "../../organizations/components/OrganizationSearchSelect";
import { useRequestCorrection } from "../hooks/use-member";
import { MemberFieldInput } from "./MemberFieldInput";
import type { MemberFieldValue } from "./member-form-values";

interface CorrectionFormValues extends Partial<Record<LockedMemberField, MemberFieldValue>> {
  fields: LockedMemberField[];
  reason: string;
}

interface CorrectionRequestModalProps {
  member: MemberDetail;
  open: boolean;
  onClose: () => void;
}

/** 申请更正: new values for locked fields (name, citizen ID, join date, branch) and why; the higher committee decides. */
export function CorrectionRequestModal({ member, open, onClose }: CorrectionRequestModalProps) {
  const t = useT();
  const labels = useLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<CorrectionFormValues>();
  const [formError, setFormError] = useState<string>();
  const request = useRequestCorrection(member.id);
  const chosen = Form.useWatch("fields", form) ?? [];
  const lockable = LOCKED_AFTER_VERIFICATION.filter((field) => member.lockedFields.includes(field));

  const onFinish = (values: CorrectionFormValues) => {
    setFormError(undefined);
    // Values as the inputs give them (text, ISO date, branch id); the server checks them.
    const changes = Object.fromEntries(
      values.fields.map((field) => [field, values[field] ?? undefined]),
    ) as CorrectionBody["changes"];
    request.mutate(
      { changes, reason: values.reason.trim() },
      {
        onSuccess: () => {
          message.success(t("member.correctionRequested"));
          onClose();
        },
        onError: (error) => {
          const fieldError = fieldErrorOf(error, [...LOCKED_AFTER_VERIFICATION, "reason"] as const);
          if (fieldError) form.setFields([{ name: fieldError.name, errors: [fieldError.message] }]);
          else setFormError(errorMessageOf(error, t("common.error")));
        },
      },
    );
  };

  return (
    <Modal
      title={t("member.requestCorrection")}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.submit")}
      cancelText={t("common.cancel")}
      confirmLoading={request.isPending}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form<CorrectionFormValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ fields: [] }}
        data-testid="correction-form"
      >
        <Form.Item
          name="fields"
          label={t("member.correctionFields")}
          rules={[{ required: true, type: "array", min: 1, message: t("common.required") }]}
        >
          <Select<LockedMemberField[]>
            mode="multiple"
            options={lockable.map((field) => ({ value: field, label: labels.field(field) }))}
          />
        </Form.Item>
        {chosen.map((field) => (
          <Form.Item
            key={field}
            name={field}
            label={t("member.correctionNewValue", { field: labels.field(field) })}
            rules={[{ required: true, message: t("common.required") }]}
          >
            {field === "organizationId" ? (
              <OrganizationSearchSelect exclude={(organization) => organization.kind !== "branch"} />
            ) : (
              <MemberFieldInput field={field} />
            )}
          </Form.Item>
        ))}
        <Form.Item
          name="reason"
          label={t("member.correctionReason")}
          rules={[{ required: true, whitespace: true, message: t("common.required") }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
