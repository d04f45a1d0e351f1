import { describe, expect, it } from "vitest";
import { citizenIdCheckDigit, normalizeCitizenId, validateCitizenId } from "./citizen-id";

const today = "2025-06-15";

describe("citizenIdCheckDigit (GB 11643-1999, ISO 7064 MOD 11-2)", () => {
  it.each([
    // Examples published with GB 11643-1999 and widely quoted.
    ["11010519491231002", "X"],
    ["44052418800101001", "4"],
    // Computed by hand: sum of digit × weight (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2), mod 11 → "10X98765432".
    ["51082119950101123", "1"],
    ["51082120050101123", "7"],
    ["51082120050101100", "X"],
    ["51082120080229002", "2"],
    ["11010120100101000", "7"],
    ["00000000000000000", "1"],
  ])("%s → %s", (first17, digit) => {
    expect(citizenIdCheckDigit(first17)).toBe(digit);
  });

  it.each(["1101051949123100", "110105194912310021", "1101051949123100A", ""])("throws on %j", (first17) => {
    expect(() => citizenIdCheckDigit(first17)).toThrow(RangeError);
  });
});

describe("validateCitizenId: valid numbers", () => {
  it.each([
    ["11010519491231002X", "11010519491231002X", "1949-12-31", "female", "110105"],
    ["11010519491231002x", "11010519491231002X", "1949-12-31", "female", "110105"],
    ["  11010519491231002x ", "11010519491231002X", "1949-12-31", "female", "110105"],
    ["510821199501011231", "510821199501011231", "1995-01-01", "male", "510821"],
    ["510821200501011237", "510821200501011237", "2005-01-01", "male", "510821"],
    ["510821200501011245", "510821200501011245", "2005-01-01", "female", "510821"],
    ["51082120050101100X", "51082120050101100X", "2005-01-01", "female", "510821"],
    ["510821200802290022", "510821200802290022", "2008-02-29", "female", "510821"],
    ["510821200002291019", "510821200002291019", "2000-02-29", "male", "510821"],
    ["510821190001010012", "510821190001010012", "1900-01-01", "male", "510821"],
    ["510821201006150058", "510821201006150058", "2010-06-15", "male", "510821"],
  ])("%j → %s, born %s, %s, division %s", (input, value, birthDate, sex, divisionCode) => {
    expect(validateCitizenId(input, { today })).toEqual({ ok: true, value, birthDate, sex, divisionCode });
  });

  it("accepts a birth date of today", () => {
    expect(validateCitizenId("510821201006150058", { today: "2010-06-15" }).ok).toBe(true);
  });

  it("skips the future check without today", () => {
    expect(validateCitizenId("510821201006150058").ok).toBe(true);
  });
});

describe("validateCitizenId: invalid numbers", () => {
  it.each([
    ["wrong check digit", "110105194912310021", "check_digit"],
    ["wrong check digit (X instead of 1)", "51082119950101123X", "check_digit"],
    ["one digit changed", "510821199501021231", "check_digit"],
    ["17 characters", "51082119950101123", "length"],
    ["19 characters", "5108211995010112311", "length"],
    ["old 15-digit number", "510821950101123", "length"],
    ["empty", "", "length"],
    ["letter inside", "5108211995O1011231", "format"],
    ["X not last", "51082119950101X231", "format"],
    ["other final letter", "51082119950101123Y", "format"],
    ["full-width digits", "５１０８２１１９９５０１０１１２３１", "format"],
    ["31 February", "510821200502311231", "birth_date"],
    ["29 February in a common year", "510821200502291231", "birth_date"],
    ["29 February 1900 (not a leap year)", "51082119000229001X", "birth_date"],
    ["month 13", "510821200513011231", "birth_date"],
    ["day 00", "510821200501001231", "birth_date"],
    ["born 1880 (GB 11643 example, before 1900)", "440524188001010014", "birth_date"],
    ["born tomorrow", "510821202506161231", "birth_date"],
    ["born next year", "510821202601011231", "birth_date"],
  ])("%s: %s → %s", (_case, input, reason) => {
    const result = validateCitizenId(input, { today });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(reason);
      expect(result.message).toMatch(/^公民身份号码：/);
    }
  });

  it("throws RangeError on a malformed today", () => {
    expect(() => validateCitizenId("510821199501011231", { today: "2025-6-15" })).toThrow(RangeError);
  });
});

describe("normalizeCitizenId", () => {
  it.each([
    ["11010519491231002x", "11010519491231002X"],
    [" 510821199501011231\n", "510821199501011231"],
  ])("%j → %s", (input, output) => {
    expect(normalizeCitizenId(input)).toBe(output);
  });
});
