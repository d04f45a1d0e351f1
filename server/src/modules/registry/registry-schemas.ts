import { z } from "zod";

/** A problem with one cell or row of an imported workbook (members or organizations). */
export const importProblemSchema = z
  .object({
    row: z.number().int().describe("Excel row number (1-based)"),
    column: z.string().describe("the column's header as found in the file"),
    value: z.string().nullable(),
    message: z.string(),
  })
  .meta({ id: "ImportProblem" });
