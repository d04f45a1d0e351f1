import { Alert, App, Form, Input, Modal, Select } from "antd";
import { useState } from "react";
import type { AwardBody, AwardKind, MemberAttachment } from "../../../api/types";
import { DateStringPicker } from "../../../components/DateStringPicker";
import { errorMessageOf, fieldErrorOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { AWARD_KINDS } from "../api/archive-types";
import { useCreateAward } from "../hooks/use-archive";
import { useAwardKindLabel } from "./archive-labels";

const FIELDS = ["kind", "title", "grantedOn", "grantingBody", "attachmentId"] as const;

interface AwardFormModalProps {
  memberId: number;
  open: boolean;
  onClose: () => void;
  /** The member's attachments, to link a certificate. */
  attachments: readonly MemberAttachment[];
}

/** 新增奖惩: an award (inside or outside the League) or a punishment, with date and granting body. */
export function AwardFormModal({ memberId, open, onClose, attachments }: AwardFormModalProps) {
  const t = useT();
  const awardKindLabel = useAwardKindLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<AwardBody>();
  const [formError, setFormError] = useState<string>();
  const create = useCreateAward(memberId);

  const onFinish = (values: AwardBody) => {
    setFormError(undefined);
    create.mutate(
      { ...values, title: values.title.trim(), grantingBody: values.grantingBody.trim() },
      {
        onSuccess: () => {
          message.success(t("archive.awardSaved"));
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
  const required = [{ required: true, whitespace: true, message: t("common.required") }];

  return (
    <Modal
      title={t("archive.addAward")}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form<AwardBody>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ kind: "league_award" }}
        data-testid="award-form"
      >
        <Form.Item name="kind" label={t("archive.awardKind")} rules={[{ required: true }]}>
          <Select<AwardKind>
            options={AWARD_KINDS.map((kind) => ({ value: kind, label: awardKindLabel(kind) }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t("archive.awardTitle")} rules={required}>
          <Input maxLength={200} data-testid="award-title" />
        </Form.Item>
        <Form.Item
          name="grantedOn"
          label={t("archive.grantedOn")}
          rules={[{ required: true, message: t("common.required") }]}
        >
          <DateStringPicker />
        </Form.Item>
        <Form.Item name="grantingBody" label={t("archive.grantingBody")} rules={required}>
          <Input maxLength={200} data-testid="award-granting-body" />
        </Form.Item>
        <Form.Item name="attachmentId" label={t("archive.certificate")}>
          <Select<number>
            allowClear
            options={attachments.map((attachment) => ({ value: attachment.id, label: attachment.fileName }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
