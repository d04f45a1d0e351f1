import type { FormInstance } from "antd";
import { isApiError } from "../api/errors";

/** The server's validation error, when it names one of the form's fields. */
export function fieldErrorOf<Name extends string>(
  error: unknown,
  fieldNames: readonly Name[],
): { name: Name; message: string } | undefined {
  if (!isApiError(error) || !error.field) return undefined;
  const field = error.field.split(".").at(-1);
  const name = fieldNames.find((candidate) => candidate === field);
  return name ? { name, message: error.message } : undefined;
}

/** The message to show for a failed call: the server's (already in Chinese), else `fallback`. */
export function errorMessageOf(error: unknown, fallback: string): string {
  if (isApiError(error)) return error.message;
  return fallback;
}

/**
 * Shows the server's validation error on the field it names, when that is one of `fieldNames`
 * (other errors are left to FormErrorAlert).
 */
export function showFieldErrorOf<Name extends string>(
  form: Pick<FormInstance, "setFields">,
  error: unknown,
  fieldNames: readonly Name[],
): void {
  const field = fieldErrorOf(error, fieldNames);
  if (field) form.setFields([{ name: field.name, errors: [field.message] }]);
}
