/** HTTP-like status a {@link DomainError} maps to: bad input, forbidden, not found, conflict, rule violated. */
export type DomainErrorStatus = 400 | 403 | 404 | 409 | 422;

/** What a {@link DomainError} carries besides its code and message. */
export interface DomainErrorOptions {
  /** The input field the error is about (e.g. "kind", "joinedOn"), for the UI to highlight. */
  field?: string;
  /** Defaults to 422 (a domain rule is violated). */
  status?: DomainErrorStatus;
}

/** All parts of a {@link DomainError} in one object, the second form of its constructor. */
export interface DomainErrorInit extends DomainErrorOptions {
  code: string;
  message: string;
}

/** The JSON body the API sends for an error: `{ "error": { "code", "message", "field"? } }` (API contract). */
export interface DomainErrorBody {
  error: { code: string; message: string; field?: string };
}

/**
 * A broken business rule or an invalid input, raised by the domain and turned into an HTTP error
 * by the server. The message is in Chinese (zh-CN first) and, where there is one, names the field.
 *
 * Construct either as `new DomainError(code, message, { field, status })` or as
 * `new DomainError({ code, message, field, status })`. `status` defaults to 422.
 *
 * Source: docs/CONTRACTS-DRAFT.md "domain/ exports".
 */
export class DomainError extends Error {
  /** Stable machine-readable code, snake_case (e.g. "kind_not_allowed"). */
  readonly code: string;
  /** The input field the error is about, if any. */
  readonly field?: string;
  /** The HTTP status the server answers with. */
  readonly status: DomainErrorStatus;

  constructor(code: string, message: string, options?: DomainErrorOptions);
  constructor(init: DomainErrorInit);
  constructor(codeOrInit: string | DomainErrorInit, message?: string, options?: DomainErrorOptions) {
    const init: DomainErrorInit =
      typeof codeOrInit === "string"
        ? { code: codeOrInit, message: message ?? codeOrInit, ...options }
        : codeOrInit;
    super(init.message);
    this.name = "DomainError";
    this.code = init.code;
    if (init.field !== undefined) this.field = init.field;
    this.status = init.status ?? 422;
  }

  /** The error as the API's JSON error body; `field` only when there is one. */
  toResponseBody(): DomainErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field === undefined ? {} : { field: this.field }),
      },
    };
  }
}

/** Whether `value` is a {@link DomainError} (type guard, for error handlers). */
export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

/** The parts of a validation issue {@link domainErrorFromIssues} reads; a zod issue fits. */
export interface ValidationIssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * Turn the issues of a failed validation (e.g. `ZodError.issues`) into one DomainError for a 400 answer:
 * code "invalid_input", the first issue's message, and its path joined with "." as the field
 * (e.g. "termEnd", "items.0.name"; absent when the issue is about the whole input).
 *
 * @param issues at least one issue; an empty list gives the generic message "输入无效".
 */
export function domainErrorFromIssues(issues: readonly ValidationIssueLike[]): DomainError {
  const first = issues[0];
  const field = first?.path.map((part) => String(part)).join(".");
  return new DomainError("invalid_input", first?.message ?? "输入无效", {
    status: 400,
    ...(field ? { field } : {}),
  });
}
