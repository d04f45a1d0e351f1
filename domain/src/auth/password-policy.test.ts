import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { COMMON_PASSWORDS } from "./common-passwords";
import { assertPasswordAcceptable, MINIMUM_PASSWORD_LENGTH } from "./password-policy";

function refusal(password: string, username: string, field?: string): DomainError | undefined {
  try {
    assertPasswordAcceptable(password, username, field);
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

describe("assertPasswordAcceptable", () => {
  it.each([
    ["ten characters", "Ab3$efgh9k", "zhangsan"],
    ["a long passphrase", "correct horse battery", "east"],
    ["ten Chinese characters", "春眠不觉晓处处闻啼鸟", "east"],
    ["the user name inside a longer password", "zhangsan-2026-秋", "zhangsan"],
  ])("accepts %s", (_what, password, username) => {
    expect(refusal(password, username)).toBeUndefined();
  });

  it.each([
    ["nine characters", "Ab3$efgh9", "zhangsan", "密码至少 10 个字符"],
    ["nine Chinese characters (counted as characters)", "春眠不觉晓处处闻啼", "east", "至少"],
    ["the user name", "zhangsan0001", "zhangsan0001", "不能与用户名相同"],
    ["the user name in other case", "ZhangSan0001", "zhangsan0001", "不能与用户名相同"],
    ["the user name reversed", "1000nasgnahz", "zhangsan0001", "不能与用户名相同"],
    ["a common password", "1234567890", "east", "过于常见"],
    ["a common password in upper case", "PASSWORD123", "east", "过于常见"],
    ["a password over 256 characters", "x".repeat(257), "east", "不能超过 256"],
  ])("refuses %s with 400 weak_password naming the field", (_what, password, username, message) => {
    const error = refusal(password, username);
    expect(error).toMatchObject({ code: "weak_password", field: "password", status: 400 });
    expect(error?.message).toContain(message);
    expect(error?.message.startsWith("password：")).toBe(true);
  });

  it("names the field it is given", () => {
    expect(refusal("short", "east", "newPassword")).toMatchObject({ field: "newPassword" });
    expect(refusal("short", "east", "newPassword")?.message).toMatch(/^newPassword：/);
  });

  it("keeps the common list in lower case and at least as long as the minimum (shorter ones are refused anyway)", () => {
    for (const password of COMMON_PASSWORDS) {
      expect(password).toBe(password.toLowerCase());
      expect(password.length).toBeGreaterThanOrEqual(MINIMUM_PASSWORD_LENGTH);
    }
  });
});
