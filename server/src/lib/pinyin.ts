import { pinyin } from "pinyin-pro";

/**
 * Pinyin initials for search (拼音首字母检索): "东河镇" → "dhz", so that a user can type "dhz" to
 * find 东河镇团委 or "zsf" to find 张三丰.
 *
 * Readings come from the `pinyin-pro` package (its dictionary and word segmentation choose the
 * reading of polyphonic characters in context). Latin letters and digits are kept, lower-cased;
 * everything else (spaces, punctuation, full-width brackets, symbols) is dropped.
 *
 * @param text any text, e.g. an organization name "高一（1）班团支部"
 * @returns lower-case initials, e.g. "gy1btzb"; "" for empty text. Never throws.
 */
export function pinyinInitials(text: string): string {
  return initialsOf(text, false);
}

/**
 * Pinyin initials of a person's name, reading the surname as a surname (姓氏读音): 曾 → "z"
 * (Zēng, not céng), 单 → "s" (Shàn), 仇 → "q" (Qiú), 解 → "x" (Xiè), compound surnames such as
 * 万俟 → "mq". Uses `pinyin-pro`'s `surname: "head"` mode, which applies the surname readings only
 * at the start of the text; the given name is read normally.
 *
 * @param name a person's name, e.g. "曾小明"
 * @returns lower-case initials, e.g. "zxm"; Latin letters and digits kept lower-cased, other
 *   characters dropped. Never throws.
 */
export function personNameInitials(name: string): string {
  return initialsOf(name, true);
}

const KEPT_CHARACTER = /^[a-z0-9]$/;

function initialsOf(text: string, asPersonName: boolean): string {
  if (text.length === 0) return "";
  const letters = pinyin(text, {
    pattern: "first",
    toneType: "none",
    type: "array",
    v: true,
    ...(asPersonName ? { surname: "head" as const } : {}),
  });
  let result = "";
  for (const piece of letters) {
    for (const character of piece.toLowerCase()) {
      if (KEPT_CHARACTER.test(character)) result += character;
    }
  }
  return result;
}
