import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";

/** The CSRF token from /me or login, kept in memory only; sent on every write. */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF header for writes made outside openapi-fetch (uploads with progress). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { "x-csrf-token": csrfToken } : {};
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const LOGIN_PATH = "/login";

/** The query parameter of /login naming where to go back after signing in. */
export const LOGIN_NEXT_PARAMETER = "next";

/**
 * `value` when it is safe to go back to after login: a same-origin relative path ("/…", not "//…" nor
 * "/\\…", which browsers read as another host; no control characters; not /login itself), else null.
 */
export function safeReturnPath(value: string | null | undefined): string | null {
  if (!value || value.length > 2000) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return null;
  if (value === LOGIN_PATH || value.startsWith(`${LOGIN_PATH}?`) || value.startsWith(`${LOGIN_PATH}/`))
    return null;
  return value;
}

/** /login, remembering the page the user was on (path, query and hash) to return to after signing in. */
export function loginPathFrom(location: Pick<Location, "pathname" | "search" | "hash">): string {
  const here = safeReturnPath(`${location.pathname}${location.search}${location.hash}`);
  return here && here !== "/"
    ? `${LOGIN_PATH}?${LOGIN_NEXT_PARAMETER}=${encodeURIComponent(here)}`
    : LOGIN_PATH;
}

/** `path` carrying `next` on as `?next=` when it is a safe return path (login → /password → next). */
export function pathWithReturn(path: string, next: string | null | undefined): string {
  const safe = safeReturnPath(next);
  return safe && safe !== "/" ? `${path}?${LOGIN_NEXT_PARAMETER}=${encodeURIComponent(safe)}` : path;
}

export function redirectToLogin(): void {
  if (window.location.pathname !== LOGIN_PATH) window.location.assign(loginPathFrom(window.location));
}

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method) && csrfToken) {
      request.headers.set("x-csrf-token", csrfToken);
    }
    return request;
  },
  onResponse({ schemaPath, response }) {
    // A wrong password also answers 401: that one stays on the login form.
    if (response.status === 401 && schemaPath !== "/api/v1/auth/login") {
      csrfToken = null;
      redirectToLogin();
    }
    return undefined;
  },
};

/** The typed API client. Only `features/<feature>/api` modules use it; components never fetch. */
export const api = createClient<paths>({ baseUrl: "", credentials: "include" });
api.use(sessionMiddleware);
