/** The UI languages: Simplified Chinese first, English second (domain.md, introduction). */
export const LOCALES = ["zh-CN", "en"] as const;

/** A UI language, "zh-CN" or "en". */
export type Locale = (typeof LOCALES)[number];

/** A display label in both UI languages. */
export interface Label {
  zh: string;
  en: string;
}

/** One entry of a dictionary (code table): a stable English code and its labels. */
export interface DictionaryEntry extends Label {
  /** Stable English identifier stored in the database and sent by the API; never renamed. */
  code: string;
}

/** A dictionary: its entries in display order. */
export type Dictionary = readonly DictionaryEntry[];

/** The union of codes of a dictionary declared `as const`. */
export type DictionaryCode<D extends Dictionary> = D[number]["code"];

/**
 * The label of `code` in `dict` for `locale` ("zh-CN" → `zh`, "en" → `en`).
 * Unknown codes come back unchanged, so a stale or foreign code is still shown rather than lost.
 */
export function dictionaryLabel(dict: Dictionary, code: string, locale: Locale): string {
  const entry = dict.find((candidate) => candidate.code === code);
  if (!entry) return code;
  return locale === "en" ? entry.en : entry.zh;
}

/** The codes of `dict`, in order (for `z.enum`, select options, checks). */
export function dictionaryCodes<const D extends Dictionary>(dict: D): DictionaryCode<D>[] {
  return dict.map((entry) => entry.code as DictionaryCode<D>);
}

/** Whether `code` is one of the codes of `dict` (type guard). */
export function isDictionaryCode<const D extends Dictionary>(
  dict: D,
  code: string,
): code is DictionaryCode<D> {
  return dict.some((entry) => entry.code === code);
}

/**
 * Turn a code tuple and its label map into a dictionary, in the tuple's order; used to serve the
 * string unions (kinds, levels, sectors, statuses…) the same way as the code tables (GET /dictionaries).
 */
export function dictionaryFromLabels<const C extends string>(
  codes: readonly C[],
  labels: Readonly<Record<C, Label>>,
): { code: C; zh: string; en: string }[] {
  return codes.map((code) => ({ code, zh: labels[code].zh, en: labels[code].en }));
}
