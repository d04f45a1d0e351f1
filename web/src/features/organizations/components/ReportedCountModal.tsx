import { Alert, App, Form, InputNumber, Modal, Typography } from "antd";
import { useState } from "react";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { useSetReportedMemberCount } from "../hooks/use-organizations";

interface ReportedCountModalProps {
  organizationId: number;
  open: boolean;
  onClose: () => void;
}

/** 应录入数: the member count the organization reports, the denominator of 录入率; empty clears it. */
export function ReportedCountModal({ organizationId, open, onClose }: ReportedCountModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ count: number | null }>();
  const [formError, setFormError] = useState<string>();
  const save = useSetReportedMemberCount(organizationId);

  const onFinish = ({ count }: { count: number | null }) => {
    setFormError(undefined);
    save.mutate(count ?? null, {
      onSuccess: () => {
        message.success(t("org.saved"));
        onClose();
      },
      onError: (error) => {
        const text = errorMessageOf(error, t("common.error"));
        form.setFields([{ name: "count", errors: [text] }]);
        setFormError(text);
      },
    });
  };

  return (
    <Modal
      title={t("completeness.editReported")}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Typography.Paragraph type="secondary">{t("completeness.reportedHint")}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={onFinish} data-testid="reported-count-form">
        <Form.Item
          name="count"
          label={t("completeness.reportedOwn")}
          rules={[{ type: "integer", min: 0, message: t("completeness.countInvalid") }]}
        >
          <InputNumber<number>
            min={0}
            precision={0}
            style={{ width: 200 }}
            data-testid="reported-count-input"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
