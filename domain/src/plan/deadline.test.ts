import { describe, expect, it } from "vitest";
import { parseDateRange, parseDeadline } from "./deadline";

describe("parseDeadline", () => {
  it.each([
    // Forms from the Wangcang plan (fixtures/wangcang-reform-plan.txt) and domain.md §8.
    ["2023年2月底前", "2023-02-28"],
    ["2022年12月底前", "2022-12-31"],
    [" 2023年2月底前", "2023-02-28"],
    ["2023年3月", "2023-03-31"],
    ["2024年2月底前", "2024-02-29"],
    ["2022年9月—12月", "2022-12-31"],
    ["2023年1月--2023年3月", "2023-03-31"],
    ["2023年4月至11月", "2023-11-30"],
    ["2023年6月30日前", "2023-06-30"],
    ["２０２３年６月底", "2023-06-30"],
    ["2023年底前", "2023-12-31"],
    ["2023年上半年", "2023-06-30"],
    ["2023年第三季度", "2023-09-30"],
    ["2023-05-15", "2023-05-15"],
    ["2022年12月底前完成初步，2023年3月底前全面完成", "2023-03-31"],
  ])("%s → %s", (text, date) => {
    expect(parseDeadline(text)).toEqual({ date, flagged: false });
  });

  it.each([
    ["长期坚持", "long_term"],
    ["长期", "long_term"],
    ["每年", "yearly"],
    ["每年12月底前", "yearly"],
  ] as const)("%s → recurring %s", (text, recurring) => {
    expect(parseDeadline(text)).toEqual({ date: null, recurring, flagged: false });
  });

  it.each([[""], ["尽快"], ["按上级要求"], ["2023年13月"], ["3月底前"]])("%j → flagged", (text) => {
    expect(parseDeadline(text)).toEqual({ date: null, flagged: true });
  });

  it("takes the year from the context for a month written alone", () => {
    expect(parseDeadline("3月底前", { defaultYear: 2023 })).toEqual({ date: "2023-03-31", flagged: false });
  });

  it.each([
    ["年底前", "2023-12-31"],
    ["第一季度", "2023-03-31"],
    ["下半年", "2023-12-31"],
    ["2022年12月31日前", "2022-12-31"],
  ])("reads %s with the plan's year → %s", (text, date) => {
    expect(parseDeadline(text, { defaultYear: 2023 })).toEqual({ date, flagged: false });
  });

  it.each([
    ["持续推进", "long_term"],
    ["每年3月", "yearly"],
  ] as const)("%s → %s", (text, recurring) => {
    expect(parseDeadline(text)).toEqual({ date: null, recurring, flagged: false });
  });
});

describe("parseDateRange", () => {
  it.each([
    ["(2022年9月—12月)", "2022-09-01", "2022-12-31"],
    ["(2023年1月--2023年3月)", "2023-01-01", "2023-03-31"],
    ["2023年5月", "2023-05-01", "2023-05-31"],
    ["近期", null, null],
  ])("%s → %s – %s", (text, start, end) => {
    expect(parseDateRange(text)).toEqual({ start, end });
  });
});
