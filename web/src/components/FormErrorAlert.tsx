import { Alert } from "antd";
import type { CSSProperties } from "react";
import { useT } from "../i18n/use-t";
import { errorMessageOf, fieldErrorOf } from "./form-errors";

interface FormErrorAlertProps {
  /** The failed call's error, or null when there is none. */
  error: unknown;
  /** The form's fields: an error naming one of them shows on that field instead (showFieldErrorOf). */
  fieldNames: readonly string[];
  style?: CSSProperties;
}

/** A form's error alert: the server's message (or a generic one) for an error that names none of its fields. */
export function FormErrorAlert({ error, fieldNames, style }: FormErrorAlertProps) {
  const t = useT();
  if (!error || fieldErrorOf(error, fieldNames)) return null;
  return <Alert type="error" showIcon title={errorMessageOf(error, t("common.error"))} style={style} />;
}
