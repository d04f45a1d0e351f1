/**
 * A seeded pseudo-random sequence for generated data (the demo county, the benchmark province, the
 * tests' random workloads): the same seed always gives the same sequence — never Math.random or
 * the clock, so a failure can be replayed from its seed. Not for anything secret.
 */

/** A pseudo-random sequence of numbers in [0, 1). */
export type Random = () => number;

/**
 * mulberry32 (Tommy Ettinger's 32-bit generator, public domain): a small, fast generator with a
 * period of 2^32, good enough for test and demo data.
 * @param seed any number; only its low 32 bits count.
 */
export function createSeededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}
