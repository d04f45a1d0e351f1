import { Alert, Form, Input, Modal } from "antd";
import { useState } from "react";
import { useT } from "../i18n/use-t";
import { errorMessageOf } from "./form-errors";

interface DecisionModalProps {
  /** What is decided: the button and title ("批准", "退回", "认证"…). */
  title: string;
  open: boolean;
  /** Whether a note is required (returning something says why). */
  noteRequired: boolean;
  onClose: () => void;
  /** Resolves when done; a rejection's message shows in the modal (e.g. 403 not the higher committee). */
  onDecide: (note: string) => Promise<unknown>;
  "data-testid"?: string;
}

/** A decision with a note: approve or return a request, verify or return an attachment. */
export function DecisionModal({ title, open, noteRequired, onClose, onDecide, ...rest }: DecisionModalProps) {
  const t = useT();
  const [form] = Form.useForm<{ note: string }>();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  const onFinish = async ({ note }: { note: string }) => {
    setError(undefined);
    setPending(true);
    try {
      await onDecide(note?.trim() ?? "");
      onClose();
    } catch (failure) {
      setError(errorMessageOf(failure, t("common.error")));
    } finally {
      setPending(false);
    }
  };

  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={title}
      cancelText={t("common.cancel")}
      confirmLoading={pending}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => void onFinish(values)}
        data-testid={rest["data-testid"]}
      >
        <Form.Item
          name="note"
          label={t("review.note")}
          rules={
            noteRequired ? [{ required: true, whitespace: true, message: t("review.noteRequired") }] : []
          }
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="decision-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
