import { StringDecoder } from "node:string_decoder";
import ExcelJS from "exceljs";

/**
 * ExcelJS's streaming reader (4.4) decodes each inflated chunk of a sheet on its own
 * (`TextDecoder.decode(chunk)` in lib/utils/parse-sax.js), so a character whose UTF-8 bytes straddle
 * two chunks becomes two U+FFFD: with Chinese text, a name or a 职业 such as 其他 is silently corrupted
 * every few thousand rows. Here the worksheet and shared-string streams are decoded with a
 * StringDecoder, which carries incomplete characters over to the next chunk, before ExcelJS sees them
 * (it passes text through untouched).
 */

interface ReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNumber: string): Iterable<unknown>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): unknown;
  model?: { sheets?: unknown[] };
}

/** The chunks of `chunks` as text, never splitting a UTF-8 character. */
async function* decodeUtf8(chunks: AsyncIterable<unknown>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  for await (const chunk of chunks) {
    const text = typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
    if (text !== "") yield text;
  }
  const rest = decoder.end();
  if (rest !== "") yield rest;
}

/** ExcelJS's streaming WorkbookReader on `filePath`, reading worksheets and shared strings as whole characters. */
export function openWorkbookReader(
  filePath: string,
  options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>,
): ExcelJS.stream.xlsx.WorkbookReader {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, options);
  const internals = reader as unknown as ReaderInternals;
  const parseWorksheet = internals._parseWorksheet.bind(reader);
  const parseSharedStrings = internals._parseSharedStrings.bind(reader);
  internals._parseWorksheet = function* (iterator, sheetNumber) {
    // ExcelJS 4.4 reads `model.sheets`, set only once xl/workbook.xml has been read: a workbook whose
    // worksheet entry comes before xl/workbook.xml (but after its relationships and shared strings)
    // made it throw "Cannot read properties of undefined (reading 'sheets')"; such a worksheet is
    // then named "Sheet<n>", not by its name. Each emitted worksheet carries the zip entry it was
    // read from instead (`entry`, see isWorksheetEntry), which does not depend on the order.
    internals.model ??= {};
    for (const event of parseWorksheet(decodeUtf8(iterator), sheetNumber) as Iterable<{ value?: object }>) {
      if (event.value) Object.assign(event.value, { entry: `xl/worksheets/sheet${sheetNumber}.xml` });
      yield event;
    }
  };
  internals._parseSharedStrings = (entry) => {
    entry.setEncoding("utf8");
    return parseSharedStrings(entry);
  };
  return reader;
}

/**
 * Whether a worksheet emitted by {@link openWorkbookReader} was read from the zip entry `entry`
 * ("xl/worksheets/sheet1.xml", as the workbook's relationships name its first sheet).
 */
export function isWorksheetEntry(worksheet: unknown, entry: string): boolean {
  return (worksheet as { entry?: string }).entry === entry;
}
