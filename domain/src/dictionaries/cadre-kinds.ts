import type { Dictionary, DictionaryCode } from "./dictionary";

/** Nature of a League cadre's post (团干部性质): full-time, part-time, seconded (domain.md §2, §6). */
export const CADRE_KINDS = [
  { code: "full_time", zh: "专职", en: "Full-time" },
  { code: "part_time", zh: "兼职", en: "Part-time" },
  { code: "seconded", zh: "挂职", en: "Seconded" },
] as const satisfies Dictionary;

/** Code of a cadre kind (see {@link CADRE_KINDS}). */
export type CadreKindCode = DictionaryCode<typeof CADRE_KINDS>;
