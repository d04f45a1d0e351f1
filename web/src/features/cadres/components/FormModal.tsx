import { useQueryClient } from "@tanstack/react-query";
import { Alert, Form, Modal } from "antd";
import { type ReactNode, useState } from "react";
import { CADRES_KEY } from "../api/cadre-queries";

interface FormModalProps<Values> {
  title: string;
  onClose: () => void;
  /** The write; every cadre query is refreshed after it succeeds. */
  onSubmit: (values: Values) => Promise<unknown>;
  initialValues?: Partial<Values>;
  children: ReactNode;
  testId?: string;
}

/**
 * One modal form of the cadre pages: the server's 400/409 message (in Chinese, naming the field) above
 * the form, nothing closed until the write succeeds.
 */
export function FormModal<Values extends object>({
  title,
  onClose,
  onSubmit,
  initialValues,
  children,
  testId,
}: FormModalProps<Values>) {
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const finish = async (values: Values) => {
    setPending(true);
    setError(undefined);
    try {
      await onSubmit(values);
      await queryClient.invalidateQueries({ queryKey: CADRES_KEY });
      onClose();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setPending(false);
    }
  };
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={pending}
      destroyOnHidden
    >
      <div data-testid={testId}>
        {error && (
          <Alert
            type="error"
            showIcon
            message={error}
            style={{ marginBottom: 12 }}
            data-testid="form-error"
          />
        )}
        <Form form={form} layout="vertical" initialValues={initialValues} onFinish={finish}>
          {children}
        </Form>
      </div>
    </Modal>
  );
}
