import type { Label } from "../dictionaries/dictionary";

/** Sex (性别) as recorded on the citizen ID: male 男, female 女 (GB 11643-1999, GB/T 2261.1). */
export const SEXES = ["male", "female"] as const;

/** A sex (see {@link SEXES}). */
export type Sex = (typeof SEXES)[number];

/** Display labels of {@link SEXES}. */
export const SEX_LABELS: Readonly<Record<Sex, Label>> = {
  male: { zh: "男", en: "Male" },
  female: { zh: "女", en: "Female" },
};
