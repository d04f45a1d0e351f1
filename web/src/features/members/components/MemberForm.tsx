import { MEMBER_RECORD_FIELD_NAMES, type MemberRecordField } from "@tuanwu/domain";
import { Alert, Button, Flex, Form } from "antd";
import { useState } from "react";
import { errorMessageOf, fieldErrorOf } from "../../../components/form-errors";
import { localizeDomainMessage } from "../../../i18n/domain-messages";
import { useLocale, useT } from "../../../i18n/use-t";
import { MemberRecordFields } from "./MemberRecordFields";
import type { MemberFormValues, RecordCheckOptions } from "./member-form-values";

interface MemberFormProps {
  initialValues: MemberFormValues;
  hidden?: readonly MemberRecordField[];
  locked?: readonly MemberRecordField[];
  check?: RecordCheckOptions;
  submitText: string;
  submitting: boolean;
  /** Resolves when saved; a rejection is shown on the field the server names, else above the form. */
  onSubmit: (values: MemberFormValues) => Promise<unknown>;
  onCancel: () => void;
  "data-testid"?: string;
}

/** The member record form (create and edit): inline checks from the domain schema, server errors on their field. */
export function MemberForm(props: MemberFormProps) {
  const { initialValues, hidden, locked, check, submitText, submitting, onSubmit, onCancel } = props;
  const t = useT();
  const { locale } = useLocale();
  const [form] = Form.useForm<MemberFormValues>();
  const [formError, setFormError] = useState<string>();

  const onFinish = async (values: MemberFormValues) => {
    setFormError(undefined);
    try {
      await onSubmit(values);
    } catch (error) {
      const fieldError = fieldErrorOf(error, MEMBER_RECORD_FIELD_NAMES);
      if (fieldError && !hidden?.includes(fieldError.name)) {
        form.setFields([
          { name: fieldError.name, errors: [localizeDomainMessage(fieldError.message, locale)] },
        ]);
        form.scrollToField(fieldError.name);
      } else {
        setFormError(errorMessageOf(error, t("common.error")));
      }
    }
  };

  return (
    <Form<MemberFormValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={(values) => void onFinish(values)}
      scrollToFirstError
      data-testid={props["data-testid"]}
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <MemberRecordFields hidden={hidden} locked={locked} check={check} />
      <Flex gap={8} justify="end">
        <Button onClick={onCancel}>{t("common.cancel")}</Button>
        <Button type="primary" htmlType="submit" loading={submitting} data-testid="member-form-submit">
          {submitText}
        </Button>
      </Flex>
    </Form>
  );
}
