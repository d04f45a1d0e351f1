import { describe, expect, it } from "vitest";
import { maskCitizenId, maskPhone } from "./masking";

describe("maskCitizenId", () => {
  it.each([
    ["51082119950101123X", "5108**********123X"],
    ["510821199501011231", "5108**********1231"],
    ["11010519491231002x", "1101**********002X"],
    [" 510821199501011231 ", "5108**********1231"],
    ["A1234567", "********"],
    ["A12345678", "A123*5678"],
    ["", ""],
  ])("%j → %j", (input, masked) => {
    expect(maskCitizenId(input)).toBe(masked);
  });

  it("passes null through", () => {
    expect(maskCitizenId(null)).toBeNull();
  });
});

describe("maskPhone", () => {
  it.each([
    ["13812345678", "138****5678"],
    ["19912345678", "199****5678"],
    [" 13812345678 ", "138****5678"],
    ["0839-1234567", "083*****4567"],
    ["1234567", "*******"],
    ["", ""],
  ])("%j → %j", (input, masked) => {
    expect(maskPhone(input)).toBe(masked);
  });

  it("passes null through", () => {
    expect(maskPhone(null)).toBeNull();
  });
});
