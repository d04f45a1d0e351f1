import { describe, expect, it } from "vitest";
import { DomainError, domainErrorFromIssues, isDomainError } from "./errors";

describe("DomainError", () => {
  it("takes code, message and options", () => {
    const error = new DomainError("kind_not_allowed", "组织类型：不允许", { field: "kind", status: 422 });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("DomainError");
    expect(error.code).toBe("kind_not_allowed");
    expect(error.message).toBe("组织类型：不允许");
    expect(error.field).toBe("kind");
    expect(error.status).toBe(422);
  });

  it("takes one object", () => {
    const error = new DomainError({ code: "not_found", message: "组织不存在", status: 404 });
    expect(error.status).toBe(404);
    expect(error.field).toBeUndefined();
  });

  it("defaults the status to 422", () => {
    expect(new DomainError("rule", "规则").status).toBe(422);
  });

  it.each([
    [
      new DomainError("rule", "规则", { field: "name" }),
      { error: { code: "rule", message: "规则", field: "name" } },
    ],
    [new DomainError("rule", "规则"), { error: { code: "rule", message: "规则" } }],
  ])("renders the API error body %#", (error, body) => {
    expect(error.toResponseBody()).toEqual(body);
  });

  it.each([
    [new DomainError("x", "y"), true],
    [new Error("y"), false],
    ["y", false],
  ])("isDomainError(%#)", (value, expected) => {
    expect(isDomainError(value)).toBe(expected);
  });
});

describe("domainErrorFromIssues", () => {
  it.each([
    [[{ path: ["termEnd"], message: "本届任期结束日期：不能早于本届任期开始日期" }], "termEnd"],
    [[{ path: ["items", 0, "name"], message: "姓名：必填" }], "items.0.name"],
    [[{ path: [], message: "输入有误" }], undefined],
  ])("names the field of the first issue %#", (issues, field) => {
    const error = domainErrorFromIssues(issues);
    expect(error.code).toBe("invalid_input");
    expect(error.status).toBe(400);
    expect(error.message).toBe(issues[0]!.message);
    expect(error.field).toBe(field);
  });

  it("has a generic message without issues", () => {
    expect(domainErrorFromIssues([]).message).toBe("输入无效");
  });
});
