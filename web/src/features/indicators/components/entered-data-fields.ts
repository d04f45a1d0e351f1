import type { MessageKey } from "../../../i18n/zh-CN";
import type { EnteredDataEntries, EnteredDataPath } from "../api/indicator-types";

/** How a column of an entered-data table is edited. */
export type EnteredFieldKind = "year" | "count" | "grade" | "text" | "schoolLevel" | "sector";

export interface EnteredFieldSpec<Path extends EnteredDataPath> {
  name: keyof EnteredDataEntries[Path] & string;
  label: MessageKey;
  kind: EnteredFieldKind;
}

/** The three tables of entered data: their API path, title and columns. */
export const ENTERED_DATA_TABLES: {
  [Path in EnteredDataPath]: { title: MessageKey; fields: readonly EnteredFieldSpec<Path>[] };
} = {
  "youth-population": {
    title: "entered.youthPopulation",
    fields: [
      { name: "year", label: "entered.year", kind: "year" },
      { name: "population", label: "entered.population", kind: "count" },
      { name: "source", label: "entered.source", kind: "text" },
    ],
  },
  "school-enrollment": {
    title: "entered.schoolEnrollment",
    fields: [
      { name: "schoolYear", label: "entered.schoolYear", kind: "year" },
      { name: "level", label: "entered.level", kind: "schoolLevel" },
      { name: "grade", label: "entered.grade", kind: "grade" },
      { name: "students", label: "entered.students", kind: "count" },
      { name: "source", label: "entered.source", kind: "text" },
    ],
  },
  "eligible-units": {
    title: "entered.eligibleUnits",
    fields: [
      { name: "year", label: "entered.year", kind: "year" },
      { name: "sector", label: "entered.sector", kind: "sector" },
      { name: "units", label: "entered.units", kind: "count" },
      { name: "source", label: "entered.source", kind: "text" },
    ],
  },
};

/**
 * The form field a server error names: "entries.2.population" or "entries[2].population" →
 * ["entries", 2, "population"]; undefined when it names no row's field.
 */
export function entryFieldPath(field: string | undefined): [string, number, string] | undefined {
  const match = field ? /^entries(?:\.|\[)(\d+)\]?\.(\w+)$/.exec(field) : null;
  if (!match?.[1] || !match[2]) return undefined;
  return ["entries", Number(match[1]), match[2]];
}

/** An entry with only the table's columns (what a PUT takes). */
export function pickFields<Path extends EnteredDataPath>(
  entry: EnteredDataEntries[Path],
  fields: readonly EnteredFieldSpec<Path>[],
): EnteredDataEntries[Path] {
  const picked: Partial<EnteredDataEntries[Path]> = {};
  for (const field of fields) picked[field.name] = entry[field.name];
  return picked as EnteredDataEntries[Path];
}
