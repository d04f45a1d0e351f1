/**
 * The blocks of a Word plan as mammoth's HTML gives them: lines of text (one a paragraph, heading or
 * list item) and tables (rows of cell texts, merged cells repeated over the cells they span, so a
 * group row spanning the table reads the same in every cell and a 领域 cell spanning rows repeats
 * down). Only reads mammoth's own small HTML (p, h1–h6, li, br, table, tr, td, th); never builds HTML.
 */

/** A line of text, or a table. */
export type HtmlBlock = { kind: "line"; text: string } | { kind: "table"; rows: string[][] };

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X"))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

interface RawCell {
  text: string;
  colspan: number;
  rowspan: number;
}

/** Lay out rows of cells with their spans on a grid, each merged cell's text in every slot it covers. */
function toGrid(rows: RawCell[][]): string[][] {
  const grid: string[][] = [];
  rows.forEach((cells, rowIndex) => {
    grid[rowIndex] ??= [];
    let column = 0;
    for (const cell of cells) {
      while (grid[rowIndex]?.[column] !== undefined) column += 1;
      for (let down = 0; down < cell.rowspan; down += 1) {
        const target = rowIndex + down;
        if (target >= rows.length) break;
        grid[target] ??= [];
        for (let across = 0; across < cell.colspan; across += 1) {
          const row = grid[target];
          if (row) row[column + across] = cell.text;
        }
      }
      column += cell.colspan;
    }
  });
  return grid.map((row) => Array.from(row, (cell) => cell ?? ""));
}

function spanOf(tag: string, name: "colspan" | "rowspan"): number {
  const match = new RegExp(`${name}="(\\d+)"`).exec(tag);
  const value = match?.[1] === undefined ? 1 : Number(match[1]);
  return Math.min(Math.max(value, 1), 100);
}

/**
 * Split mammoth's HTML into lines and tables, in document order. A table inside a table is read as
 * text of the outer cell.
 */
export function htmlBlocks(html: string): HtmlBlock[] {
  const blocks: HtmlBlock[] = [];
  let line = "";
  let depth = 0;
  let rows: RawCell[][] = [];
  let cell: RawCell | null = null;
  const flushLine = () => {
    const text = decodeEntities(line).trim();
    if (text !== "") blocks.push({ kind: "line", text });
    line = "";
  };
  for (const token of html.split(/(<[^>]*>)/)) {
    if (!token.startsWith("<")) {
      if (depth > 0 && cell) cell.text += token;
      else if (depth === 0) line += token;
      continue;
    }
    const tag = token.toLowerCase();
    const name = /^<\/?([a-z0-9]+)/.exec(tag)?.[1] ?? "";
    const closing = tag.startsWith("</");
    if (name === "table") {
      if (!closing) {
        if (depth === 0) {
          flushLine();
          rows = [];
        }
        depth += 1;
      } else {
        depth -= 1;
        if (depth === 0) {
          blocks.push({
            kind: "table",
            rows: toGrid(rows).map((row) => row.map((text) => decodeEntities(text).trim())),
          });
          cell = null;
        }
      }
      continue;
    }
    if (depth === 1 && name === "tr" && !closing) rows.push([]);
    else if (depth === 1 && (name === "td" || name === "th") && !closing) {
      cell = { text: "", colspan: spanOf(tag, "colspan"), rowspan: spanOf(tag, "rowspan") };
      rows.at(-1)?.push(cell);
    } else if (
      depth > 0 &&
      cell &&
      (name === "p" || name === "br" || name === "li") &&
      (closing || name === "br")
    ) {
      cell.text += "\n";
    } else if (depth === 0 && /^(?:p|h[1-6]|li|br)$/.test(name) && (closing || name === "br")) {
      flushLine();
    }
  }
  flushLine();
  return blocks;
}
