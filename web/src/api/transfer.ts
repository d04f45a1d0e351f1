import { csrfHeaders, redirectToLogin } from "./client";
import { ApiError, toApiError } from "./errors";
import type { paths } from "./schema";

/**
 * Calls the typed client (openapi-fetch) cannot make: file downloads (Excel, Word, attachments) and
 * multipart uploads with a progress indicator (attachments, imports, plan documents, reports). They
 * are typed from the OpenAPI document all the same: the path is one of the schema's paths, its path
 * and query parameters are the operation's, and an upload resolves with the operation's JSON answer.
 *
 * The one exception is what an upload sends. A route that takes multipart (or, for a plan import,
 * multipart or JSON) is listed in the schema without a request body — the server reads the parts
 * itself (@fastify/multipart), so zod describes no body for the document — and the `FormData` fields,
 * or the JSON body of `postJson`, are typed by the caller (e.g. `PlanImportBody` from the schema's
 * components). Only `features/<feature>/api` modules (and their sub-features' query files) use these;
 * components never fetch.
 */

type Method = "get" | "post";
type Operation<Path extends keyof paths, M extends Method> = NonNullable<paths[Path][M]>;

/** The schema's paths that have an operation for `M` (e.g. every route one can GET). */
export type PathWith<M extends Method> = {
  [Path in keyof paths]: paths[Path][M] extends { responses: object } ? Path : never;
}[keyof paths];

/** The operation's path and query parameters, required or optional as the schema says. */
export type UrlParameters<Path extends keyof paths, M extends Method> =
  Operation<Path, M> extends {
    parameters: infer Parameters;
  }
    ? Pick<Parameters, "path" & keyof Parameters> & Pick<Parameters, "query" & keyof Parameters>
    : never;

/** The JSON body of the operation's success answer (200 or 201). */
export type JsonAnswer<Path extends keyof paths, M extends Method> =
  Operation<Path, M> extends {
    responses: infer Responses;
  }
    ? {
        [Status in keyof Responses]: Status extends 200 | 201
          ? Responses[Status] extends { content: { "application/json": infer Json } }
            ? Json
            : never
          : never;
      }[keyof Responses]
    : never;

interface RawParameters {
  path?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined>;
}

/** `/api/v1/x/{id}` with the path parameters filled in, and the query string, leaving out undefined values. */
function urlOf(path: string, { path: pathParameters = {}, query = {} }: RawParameters): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = pathParameters[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} of ${path}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return `${filled}${text ? `?${text}` : ""}`;
}

/** The URL of a GET route of the schema (a link to a file, e.g. an attachment's content). */
export function apiUrl<Path extends PathWith<"get">>(
  path: Path,
  parameters: UrlParameters<Path, "get">,
): string {
  return urlOf(path, parameters as RawParameters);
}

function fileNameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get("content-disposition") ?? "";
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  return plain ?? fallback;
}

/** Hands a file response to the browser as a download, named as the server says (else `fallbackName`). */
async function saveAsFile(response: Response, fallbackName: string): Promise<void> {
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

async function errorOf(response: Response): Promise<ApiError> {
  if (response.status === 401) redirectToLogin();
  const body: unknown = await response.json().catch(() => undefined);
  return toApiError(body, response);
}

/** GETs a file route of the schema and hands the file to the browser, named as the server says (else `fallbackName`). */
export async function downloadFile<Path extends PathWith<"get">>(
  path: Path,
  parameters: UrlParameters<Path, "get">,
  fallbackName: string,
): Promise<void> {
  const response = await fetch(apiUrl(path, parameters), { credentials: "include" });
  if (!response.ok) throw await errorOf(response);
  await saveAsFile(response, fallbackName);
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
 * POSTs multipart form data to a route of the schema with XMLHttpRequest, reporting upload progress
 * (fetch cannot), and resolves with the operation's JSON answer. Failures reject with an `ApiError`
 * as the typed client's do.
 */
export function postMultipart<Path extends PathWith<"post">, Answer = JsonAnswer<Path, "post">>(
  path: Path,
  parameters: UrlParameters<Path, "post">,
  formData: FormData,
  onProgress?: UploadProgress,
  /** An error answer that is a result (e.g. an import's 422 listing the problems), else undefined. */
  resultOfError?: (status: number, body: unknown) => Answer | undefined,
): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", urlOf(path, parameters as RawParameters));
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
      else resolve(body as Answer);
    };
    request.onerror = () => reject(new ApiError(0, "network_error", "网络错误，上传失败"));
    request.send(formData);
  });
}

/**
 * POSTs a JSON body to a route the schema lists without a body type (one that takes multipart or
 * JSON, e.g. a plan import; the body's type is the caller's), and resolves with the operation's JSON
 * answer; failures reject with an `ApiError` as the typed client's do.
 */
export async function postJson<Path extends PathWith<"post">>(
  path: Path,
  parameters: UrlParameters<Path, "post">,
  body: unknown,
): Promise<JsonAnswer<Path, "post">> {
  const response = await fetch(urlOf(path, parameters as RawParameters), {
    method: "POST",
    credentials: "include",
    headers: { "content-type": "application/json", ...csrfHeaders() },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as JsonAnswer<Path, "post">;
}

/**
 * POSTs a JSON body to a route that answers a file (e.g. the branch-secretary accounts' .xlsx) and
 * hands it to the browser as a download; resolves with the response headers (counts the route sends).
 */
export async function postForDownload<Path extends PathWith<"post">>(
  path: Path,
  body: unknown,
  fallbackName: string,
): Promise<Headers> {
  const response = await fetch(urlOf(path, {}), {
    method: "POST",
    credentials: "include",
    headers: { "content-type": "application/json", ...csrfHeaders() },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await errorOf(response);
  await saveAsFile(response, fallbackName);
  return response.headers;
}
