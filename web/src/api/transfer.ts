import { csrfHeaders, redirectToLogin } from "./client";
import { ApiError, toApiError } from "./errors";

/**
 * Calls the typed client cannot make: file downloads (Excel) and multipart uploads with a progress
 * indicator (attachments, imports), whose routes the generated schema lists without a body type. Only `features/<feature>/api` modules use these; components never fetch.
 */

type QueryValue = string | number | boolean | undefined;

/** `/api/v1<path>?query`, leaving out undefined values. */
export function apiUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return `/api/v1${path}${text ? `?${text}` : ""}`;
}

function fileNameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get("content-disposition") ?? "";
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  return plain ?? fallback;
}

async function errorOf(response: Response): Promise<ApiError> {
  if (response.status === 401) redirectToLogin();
  const body: unknown = await response.json().catch(() => undefined);
  return toApiError(body, response);
}

/** GETs a file and hands it to the browser as a download, named as the server says (else `fallbackName`). */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const response = await fetch(url, { credentials: "include" });
  if (!response.ok) throw await errorOf(response);
  const blob = await response.blob();
  const objectUrl = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = objectUrl;
  anchor.download = fileNameOf(response, fallbackName);
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  window.setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
}

/** Upload progress in percent (0–100), or null while the browser cannot tell the total. */
export type UploadProgress = (percent: number | null) => void;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * POSTs multipart form data with XMLHttpRequest, reporting upload progress (fetch cannot), and
 * resolves with the JSON answer. Failures reject with an `ApiError` as the typed client's do.
 * The answer's shape is the caller's to state: the route's response in the generated schema.
 */
export function postMultipart<T>(
  url: string,
  formData: FormData,
  onProgress?: UploadProgress,
  /** An error answer that is a result (e.g. an import's 422 listing the problems), else undefined. */
  resultOfError?: (status: number, body: unknown) => T | undefined,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.withCredentials = true;
    for (const [name, value] of Object.entries(csrfHeaders())) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      onProgress?.(event.lengthComputable ? Math.round((event.loaded / event.total) * 100) : null);
    };
    request.onload = () => {
      const body = parseJson(request.responseText);
      const response = { status: request.status, statusText: request.statusText };
      if (request.status === 401) redirectToLogin();
      const failed = request.status < 200 || request.status >= 300;
      const errorResult = failed ? resultOfError?.(request.status, body) : undefined;
      if (errorResult !== undefined) resolve(errorResult);
      else if (failed) reject(toApiError(body, response));
      else if (body === undefined)
        reject(new ApiError(request.status, "empty_response", "empty response body"));
      else resolve(body as T);
    };
    request.onerror = () => reject(new ApiError(0, "network_error", "网络错误，上传失败"));
    request.send(formData);
  });
}

/**
 * POSTs a JSON body to a route the generated schema lists without a body type (one that takes
 * multipart or JSON, e.g. a plan import), and resolves with the JSON answer; failures reject with an
 * `ApiError` as the typed client's do.
 */
export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    credentials: "include",
    headers: { "content-type": "application/json", ...csrfHeaders() },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

/**
 * POSTs a JSON body to a route that answers a file (e.g. the branch-secretary accounts' .xlsx) and
 * hands it to the browser as a download; resolves with the response headers (counts the route sends).
 */
export async function postForDownload(url: string, body: unknown, fallbackName: string): Promise<Headers> {
  const response = await fetch(url, {
    method: "POST",
    credentials: "include",
    headers: { "content-type": "application/json", ...csrfHeaders() },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await errorOf(response);
  const blob = await response.blob();
  const objectUrl = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = objectUrl;
  anchor.download = fileNameOf(response, fallbackName);
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  window.setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
  return response.headers;
}
