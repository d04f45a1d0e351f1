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

export function redirectToLogin(): void {
  if (window.location.pathname !== LOGIN_PATH) window.location.assign(LOGIN_PATH);
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
