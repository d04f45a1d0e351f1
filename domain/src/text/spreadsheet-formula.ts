/**
 * Characters that make a spreadsheet read a cell as a formula (or run DDE) when they start it:
 * = + - @, and tab and carriage return (OWASP, "CSV Injection").
 */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/** The prefix OWASP advises for such a cell: a single quote, so the cell is read as text. */
const TEXT_PREFIX = "'";

/**
 * A value to write into an exported spreadsheet cell (.xlsx or .csv): text that starts with = + - @,
 * a tab or a carriage return gets a leading single quote, so a name like `=HYPERLINK(…)` entered by one
 * user never becomes a live formula on another's machine (OWASP "CSV Injection"). Numbers, dates,
 * null and other text pass unchanged. Every export writes its cells through this (or
 * {@link neutralizeSpreadsheetRow}); imports undo it with {@link restoreSpreadsheetText}.
 */
export function neutralizeSpreadsheetValue<Value>(value: Value): Value | string {
  return typeof value === "string" && FORMULA_TRIGGER.test(value) ? `${TEXT_PREFIX}${value}` : value;
}

/** {@link neutralizeSpreadsheetValue} applied to every cell of a row. */
export function neutralizeSpreadsheetRow<Value>(values: readonly Value[]): (Value | string)[] {
  return values.map(neutralizeSpreadsheetValue);
}

/**
 * Text read back from a spreadsheet cell with the export's single quote removed ("'+8613…" → "+8613…"),
 * so an exported workbook imports again unchanged. Other text passes as it is.
 */
export function restoreSpreadsheetText(text: string): string {
  return text.startsWith(TEXT_PREFIX) && FORMULA_TRIGGER.test(text.slice(1)) ? text.slice(1) : text;
}
