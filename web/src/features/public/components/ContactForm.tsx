import { Button, Form, Input } from "antd";
import type { ReactNode } from "react";
import { useT } from "../../../i18n/use-t";
import { PHONE_PATTERN } from "../public-errors";

export interface ContactValues {
  name: string;
  phone: string;
}

interface ContactFormProps {
  /** Ask for the name too (sign-up); check-in and rating ask only for the phone. */
  withName: boolean;
  submitLabel: string;
  submitting: boolean;
  onSubmit: (values: ContactValues) => void;
  children?: ReactNode;
}

/** Name and phone on a phone screen, checked before sending (the server checks again). */
export function ContactForm({ withName, submitLabel, submitting, onSubmit, children }: ContactFormProps) {
  const t = useT();
  return (
    <Form<ContactValues>
      layout="vertical"
      onFinish={(values) => onSubmit({ name: values.name?.trim() ?? "", phone: values.phone.trim() })}
      data-testid="contact-form"
    >
      {withName && (
        <Form.Item
          name="name"
          label={t("public.name")}
          rules={[{ required: true, whitespace: true, message: t("public.nameRequired") }]}
        >
          <Input maxLength={40} autoComplete="name" data-testid="contact-name" />
        </Form.Item>
      )}
      <Form.Item
        name="phone"
        label={t("public.phone")}
        rules={[{ required: true, pattern: PHONE_PATTERN, message: t("public.phoneInvalid") }]}
      >
        <Input inputMode="numeric" maxLength={11} autoComplete="tel" data-testid="contact-phone" />
      </Form.Item>
      {children}
      <Button
        type="primary"
        htmlType="submit"
        size="large"
        block
        loading={submitting}
        data-testid="contact-submit"
      >
        {submitLabel}
      </Button>
    </Form>
  );
}
