import { csrfHeaders, redirectToLogin } from "../../../api/client";
import { ApiError, toApiError } from "../../../api/errors";

/** A failed call with the body the server answered (a refused step lists failures and warnings). */
export class ApiErrorWithBody extends ApiError {
  readonly body: unknown;

  constructor(error: ApiError, body: unknown) {
    super(error.status, error.code, error.message, error.field);
    this.body = body;
  }
}

/**
 * A JSON call to a route the generated client (api/schema.d.ts) does not list yet, while the server
 * half of issue 10 is built: the same session, CSRF header and error shape as `api` + `unwrap`. Only the
 * feature `api` modules use it; each call moves to the typed client once `npm run api:generate` lists
 * its route.
 */
export async function callJson<T>(method: "GET" | "POST" | "PUT", url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    credentials: "include",
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(method === "GET" ? {} : csrfHeaders()),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) redirectToLogin();
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiErrorWithBody(toApiError(json, response), json);
  return json as T;
}

/** `?a=1&b=x` of the defined values, or "". */
export function queryString(query: Record<string, string | number | undefined>): string {
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") parameters.set(key, String(value));
  }
  const text = parameters.toString();
  return text ? `?${text}` : "";
}
