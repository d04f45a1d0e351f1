/**
 * Text clean-up shared by the plan parser (domain.md §8). Chinese government documents mix
 * full-width and half-width punctuation and carry stray spaces inside sentences (the Wangcang plan
 * has "根据履 职需要" and "(一）"), so every line is cleaned before it is read.
 */

const FULL_WIDTH_START = 0xff01;
const FULL_WIDTH_END = 0xff5e;
const FULL_WIDTH_OFFSET = 0xfee0;

/**
 * Map full-width ASCII forms (（）：；，．０-９ and so on) to their half-width forms, one character
 * for one character, so that positions in the result are positions in the input.
 */
export function toHalfWidth(text: string): string {
  let result = "";
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code >= FULL_WIDTH_START && code <= FULL_WIDTH_END) {
      result += String.fromCodePoint(code - FULL_WIDTH_OFFSET);
    } else if (code === 0x3000) {
      result += " ";
    } else {
      result += character;
    }
  }
  return result;
}

const CJK = "\\u3000-\\u303f\\u3400-\\u9fff\\uff00-\\uffef“”‘’、";
const SPACE_BETWEEN_CJK = new RegExp(`([${CJK}])[ \\t\\u3000\\u00a0]+(?=[${CJK}])`, "g");

/** Trim a line and drop byte-order and zero-width marks. */
export function cleanLine(line: string): string {
  return line.replace(/[\ufeff\u200b\u200c\u200d]/g, "").trim();
}

/**
 * Remove stray spaces between two Chinese characters ("根据履 职需要" → "根据履职需要"). Not for
 * unit lists, where a space separates two units.
 */
export function removeStraySpaces(text: string): string {
  return text.replace(SPACE_BETWEEN_CJK, "$1");
}

/**
 * Join two pieces of one sentence that a line break split: no space between Chinese text, one
 * space between Latin words.
 */
export function joinBrokenLines(left: string, right: string): string {
  if (left === "") return right;
  if (right === "") return left;
  const lastOfLeft = left.slice(-1);
  const firstOfRight = right.slice(0, 1);
  const latin = /[A-Za-z0-9]/;
  return latin.test(lastOfLeft) && latin.test(firstOfRight) ? `${left} ${right}` : `${left}${right}`;
}
