/**
 * An error with an HTTP status, a stable code and a message in the user's language (Chinese first).
 * The error handler turns it into `{ error: { code, message, field } }`.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** 401: not logged in, or the session expired. */
export function unauthorized(): HttpError {
  return new HttpError(401, "unauthorized", "请先登录 / please log in");
}

/** 403: logged in and inside the scope, but the role does not allow the action. */
export function forbidden(): HttpError {
  return new HttpError(403, "forbidden", "您的角色无权执行此操作 / your role does not allow this");
}

/** 404: does not exist, or lies outside the user's subtree (indistinguishable on purpose). */
export function notFound(what: string): HttpError {
  return new HttpError(404, "not_found", `${what}不存在或不在您的管理范围内 / not found`);
}
