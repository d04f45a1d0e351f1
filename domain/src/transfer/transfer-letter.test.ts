import { describe, expect, it } from "vitest";
import {
  LETTER_CODE_LENGTH,
  letterCodeFrom,
  letterCodeSchema,
  letterIssuedOn,
  maskPersonName,
  transferLetterNumber,
} from "./transfer-letter";

describe("transferLetterNumber / letterIssuedOn", () => {
  it.each([
    ["2026-12-06", 123, "20261206-000123"],
    ["2027-01-31", 1_234_567, "20270131-1234567"],
  ])("%s, transfer %i → %s and back", (date, id, number) => {
    expect(transferLetterNumber(date, id)).toBe(number);
    expect(letterIssuedOn(number)).toBe(date);
  });

  it.each(["", "2026-12-06", "20261206000123", "20261206-12"])("%j is not a letter number", (text) => {
    expect(letterIssuedOn(text)).toBeNull();
  });
});

describe("verification codes", () => {
  it("draws one code letter per byte, without look-alikes", () => {
    const code = letterCodeFrom(Uint8Array.from({ length: 12 }, (_, index) => index * 37));
    expect(code).toHaveLength(LETTER_CODE_LENGTH);
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]+$/);
    expect(() => letterCodeFrom(new Uint8Array(3))).toThrow();
  });

  it.each([
    [" abcdefgh23 ", true],
    ["ABCDEFGH2", false],
    ["ABCDEFGHI2", false],
    ["ABCDEFGH0Z", false],
  ])("%j valid: %s", (text, valid) => {
    expect(letterCodeSchema.safeParse(text).success).toBe(valid);
  });
});

describe("maskPersonName", () => {
  it.each([
    ["张三", "张*"],
    ["欧阳娜娜", "欧***"],
    ["李", "*"],
    [" 王小明 ", "王**"],
  ])("%s → %s", (name, masked) => {
    expect(maskPersonName(name)).toBe(masked);
  });
});
