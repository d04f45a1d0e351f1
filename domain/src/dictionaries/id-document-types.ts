import type { Dictionary, DictionaryCode } from "./dictionary";

/**
 * Kind of identity document (证件类型), national registry column (domain.md §2): the resident
 * identity card, whose number follows GB 11643-1999, or an identity document issued outside the
 * mainland, whose number is free-form.
 */
export const ID_DOCUMENT_TYPES = [
  { code: "resident_id_card", zh: "普通居民身份证", en: "Resident identity card" },
  { code: "overseas_id_card", zh: "境外身份证", en: "Identity document issued outside the mainland" },
] as const satisfies Dictionary;

/** Code of an identity document type (see {@link ID_DOCUMENT_TYPES}). */
export type IdDocumentTypeCode = DictionaryCode<typeof ID_DOCUMENT_TYPES>;
