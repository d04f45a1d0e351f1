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
