/**
 * The name of the constraint a failed statement violated (PostgreSQL error 23505 and friends), read
 * the same way on every driver and engine: node-postgres puts it on the error, Drizzle wraps that in
 * `cause`. A Citus coordinator does not pass the worker's constraint field on, only its message, which
 * names the shard's copy (`duplicate key value violates unique constraint "member_citizen_id_key_102008"`):
 * the name is then read from the message and the shard id cut off. A Citus local table's shard on the
 * coordinator passes the field, but with the shard id too (`member_transfer_incoming_letter_key_102292`):
 * cut off as well. Undefined for any other error.
 */
export function violatedConstraint(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  for (const candidate of [error, (error as { cause?: unknown }).cause]) {
    if (typeof candidate !== "object" || candidate === null) continue;
    const { constraint, code, message } = candidate as {
      constraint?: unknown;
      code?: unknown;
      message?: unknown;
    };
    if (typeof constraint === "string") return withoutShardId(constraint);
    if (typeof code === "string" && code.startsWith("23") && typeof message === "string") {
      const named = /constraint "([^"]+)"/.exec(message)?.[1];
      if (named) return withoutShardId(named);
    }
  }
  return undefined;
}

/** A Citus shard's copy of a constraint is named after it with `_<shard id>` (six digits or more) appended. */
function withoutShardId(name: string): string {
  return name.replace(/_\d{6,}$/, "");
}

/**
 * The SQLSTATE of a failed statement (node-postgres puts it on the error, Drizzle wraps that in `cause`),
 * e.g. "TWM01" raised by a tuanwu trigger; undefined for any other error.
 */
export function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  for (const candidate of [error, (error as { cause?: unknown }).cause]) {
    if (typeof candidate !== "object" || candidate === null) continue;
    const { code } = candidate as { code?: unknown };
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** The message of the statement's error (see {@link sqlStateOf}). */
export function sqlMessageOf(error: unknown): string {
  for (const candidate of [(error as { cause?: unknown })?.cause, error]) {
    if (typeof candidate === "object" && candidate !== null) {
      const { message } = candidate as { message?: unknown };
      if (typeof message === "string") return message;
    }
  }
  return String(error);
}
