/** The server's error body: `{ "error": { "code", "message", "field"? } }`, message in Chinese. */
export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error = value.error;
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string" &&
    "message" in error &&
    typeof error.message === "string"
  );
}

/** A failed API call: HTTP status, the server's code and message, and the field it names, if any. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;

  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export function toApiError(body: unknown, response: Pick<Response, "status" | "statusText">): ApiError {
  if (isApiErrorBody(body)) {
    return new ApiError(response.status, body.error.code, body.error.message, body.error.field);
  }
  return new ApiError(response.status, "http_error", `${response.status} ${response.statusText}`.trim());
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The body of a successful openapi-fetch call, or an `ApiError`. */
export async function unwrap<T>(request: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await request;
  if (!response.ok || error !== undefined) throw toApiError(error, response);
  if (data === undefined) throw new ApiError(response.status, "empty_response", "empty response body");
  return data;
}

/** For calls that answer 204 No Content. */
export async function expectNoContent(request: Promise<FetchResult<unknown>>): Promise<void> {
  const { error, response } = await request;
  if (!response.ok) throw toApiError(error, response);
}
