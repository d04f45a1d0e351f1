import { DomainError } from "../errors";
import { COMMON_PASSWORDS } from "./common-passwords";

/** Shortest password accepted, in characters (issue 17 part 1). */
export const MINIMUM_PASSWORD_LENGTH = 10;

/** Longest password accepted, in characters (argon2 hashes anything; this bounds the request). */
export const MAXIMUM_PASSWORD_LENGTH = 256;

/**
 * Checks a password a person chose against the password policy (密码策略, issue 17 part 1):
 * at least {@link MINIMUM_PASSWORD_LENGTH} characters, at most {@link MAXIMUM_PASSWORD_LENGTH}, not
 * the user name (nor the user name reversed or with case changed), not one of
 * {@link COMMON_PASSWORDS} (case ignored). `field` names the input in the error.
 *
 * Errors: 400 DomainError `weak_password`, message in Chinese (then English) naming the field.
 */
export function assertPasswordAcceptable(password: string, username: string, field = "password"): void {
  const refuse = (zh: string, en: string): never => {
    throw new DomainError("weak_password", `${field}：${zh} / ${en}`, { field, status: 400 });
  };
  const characters = [...password].length;
  if (characters < MINIMUM_PASSWORD_LENGTH)
    refuse(`密码至少 ${MINIMUM_PASSWORD_LENGTH} 个字符`, `at least ${MINIMUM_PASSWORD_LENGTH} characters`);
  if (characters > MAXIMUM_PASSWORD_LENGTH)
    refuse(`密码不能超过 ${MAXIMUM_PASSWORD_LENGTH} 个字符`, `at most ${MAXIMUM_PASSWORD_LENGTH} characters`);
  const lower = password.toLowerCase();
  const name = username.trim().toLowerCase();
  if (name !== "" && (lower === name || lower === [...name].reverse().join("")))
    refuse("密码不能与用户名相同", "must not be the user name");
  if (COMMON_PASSWORDS.has(lower)) refuse("密码过于常见，请换一个", "too common, choose another");
}
