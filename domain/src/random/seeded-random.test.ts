import { describe, expect, it } from "vitest";
import { createSeededRandom } from "./seeded-random";

describe("createSeededRandom", () => {
  it("gives mulberry32's sequence for a seed (the demo county and the benchmark province depend on it)", () => {
    const random = createSeededRandom(42);
    expect([random(), random(), random()]).toEqual([
      0.6011037519201636, 0.44829055899754167, 0.8524657934904099,
    ]);
  });

  it("gives the same sequence for the same seed, another for another seed, and counts the seed's low 32 bits only", () => {
    const take = (seed: number) => {
      const random = createSeededRandom(seed);
      return Array.from({ length: 5 }, () => random());
    };
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
    expect(take(2 ** 32 + 7)).toEqual(take(7));
  });

  it("stays in [0, 1)", () => {
    const random = createSeededRandom(1);
    for (let index = 0; index < 10_000; index += 1) {
      const value = random();
      expect(value >= 0 && value < 1).toBe(true);
    }
  });
});
