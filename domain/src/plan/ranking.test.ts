import { describe, expect, it } from "vitest";
import { type RankDirection, rankByValue } from "./ranking";

describe("rankByValue", () => {
  it.each([
    [
      "highest_first",
      [50, 80, null, 80, 10],
      [
        ["b", 1],
        ["d", 1],
        ["a", 3],
        ["e", 4],
        ["c", null],
      ],
    ],
    [
      "lowest_first",
      [3, 0, 0, null, 1],
      [
        ["b", 1],
        ["c", 1],
        ["e", 3],
        ["a", 4],
        ["d", null],
      ],
    ],
    [
      "highest_first",
      [null, null],
      [
        ["a", null],
        ["b", null],
      ],
    ],
    ["lowest_first", [], []],
  ] as const)("%s %j", (direction, values, expected) => {
    const entries = values.map((value, index) => ({ name: "abcde"[index] ?? "?", value }));
    const ranked = rankByValue(entries, (entry) => entry.value, direction as RankDirection);
    expect(ranked.map(({ entry, rank }) => [entry.name, rank])).toEqual(expected);
  });
});
