import { isApiError } from "../../api/errors";
import type { Translate } from "../../i18n/use-t";

/** The message a public page shows for a failed call: the server's Chinese message, 429 and 404 in words. */
export function publicErrorMessage(error: unknown, t: Translate): string {
  if (isApiError(error, 429)) return t("public.tooMany");
  if (isApiError(error, 404)) return t("public.notFound");
  if (isApiError(error)) return error.message;
  return t("public.failed");
}

/** A mainland mobile number: 11 digits starting with 1. */
export const PHONE_PATTERN = /^1\d{10}$/;
