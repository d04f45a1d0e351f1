/**
 * The seeded generator of the province: domain's createSeededRandom (mulberry32, as the demo county
 * and the tests use), so the same seed always gives the same province.
 */
export { createSeededRandom as createRandom, type Random } from "@tuanwu/domain";

/** A 32-bit seed derived from a base seed and a label (FNV-1a over the label's UTF-16 code units). */
export function hashSeed(seed: number, label: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let index = 0; index < label.length; index += 1) {
    hash ^= label.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
