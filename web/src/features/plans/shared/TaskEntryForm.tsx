import { Button, Flex, Form, type FormInstance, Typography } from "antd";
import type { ReactNode } from "react";
import { FormErrorAlert } from "../../../components/FormErrorAlert";

interface TaskEntryFormProps<Values> {
  form: FormInstance<Values>;
  initialValues: Partial<Values>;
  onFinish: (values: Values) => void;
  /** The heading, e.g. "新增报送". */
  title: string;
  /** The last submission's error (null when none); one naming a field of `fieldNames` shows there. */
  error: unknown;
  fieldNames: readonly string[];
  submitting: boolean;
  submitLabel: string;
  submitTestId: string;
  "data-testid": string;
  /** The form's fields. */
  children: ReactNode;
}

/**
 * The shaded form in a task's drawer section (a progress report, a supervision record, a close-out):
 * a heading, an alert for an error that names no field, the fields and a submit button on the right.
 */
export function TaskEntryForm<Values>({
  form,
  initialValues,
  onFinish,
  title,
  error,
  fieldNames,
  submitting,
  submitLabel,
  submitTestId,
  "data-testid": testId,
  children,
}: TaskEntryFormProps<Values>) {
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={onFinish}
      style={{ background: "rgba(0,0,0,0.02)", padding: 12, borderRadius: 4 }}
      data-testid={testId}
    >
      <Typography.Text strong>{title}</Typography.Text>
      <FormErrorAlert error={error} fieldNames={fieldNames} style={{ margin: "8px 0" }} />
      {children}
      <Flex justify="end">
        <Button type="primary" htmlType="submit" loading={submitting} data-testid={submitTestId}>
          {submitLabel}
        </Button>
      </Flex>
    </Form>
  );
}
