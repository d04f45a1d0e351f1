import { enumSchema, isoDateSchema, TERM_BODIES } from "@tuanwu/domain";
import { z } from "zod";

/** Schemas of the term routes (届期 and 换届, issue 13 part 2); messages name the field in Chinese. */

const seatsSchema = (label: string) =>
  z
    .number({ error: `${label}：应为数字` })
    .int({ error: `${label}：应为不小于0的整数` })
    .min(0, { error: `${label}：应为不小于0的整数` })
    .max(100_000, { error: `${label}：数值过大` });

/** POST /organizations/{id}/terms. */
export const termCreateSchema = z.object({
  body: enumSchema("机构 body", TERM_BODIES),
  startsOn: isoDateSchema("届期开始 startsOn"),
  endsOn: isoDateSchema("届期结束 endsOn"),
  electedOn: isoDateSchema("选举日期 electedOn").optional(),
  seats: seatsSchema("席位数 seats").default(0),
  grassrootsSeats: seatsSchema("基层和一线席位数 grassrootsSeats").default(0),
});

/** POST /terms/{id}/election: the election 换届 held, opening the next term. */
export const electionSchema = z.object({
  electedOn: isoDateSchema("选举日期 electedOn"),
  endsOn: isoDateSchema("新一届届期结束 endsOn"),
  seats: seatsSchema("席位数 seats"),
  grassrootsSeats: seatsSchema("基层和一线席位数 grassrootsSeats"),
});

/** GET /organizations/{id}/terms/expiring?days= */
export const expiringQuerySchema = z.object({
  days: z.coerce
    .number({ error: "提前天数 days：应为数字" })
    .int({ error: "提前天数 days：应为整数" })
    .min(0, { error: "提前天数 days：不能为负数" })
    .max(730, { error: "提前天数 days：最多730天" })
    .optional(),
});

const compositionSchema = z
  .object({
    source: z
      .enum(["roster", "entered"])
      .describe("roster: counted from the term's deputy / committee-member rows; entered: the seats entered"),
    seats: z.number().int().describe("seats counted (roster rows, or the seats entered)"),
    grassrootsSeats: z.number().int().describe("of them from the grassroots or the front line"),
    share: z.number().nullable().describe("grassrootsSeats / seats; null with no seats"),
    minimum: z.number().describe("0.8 congress, 0.6 committee, 0.4 standing committee (Wangcang task 6)"),
    meets: z.boolean().nullable().describe("null with no seats"),
    shortfall: z.number().int().describe("grassroots and front-line seats still missing to the minimum"),
    warning: z.string().nullable().describe("the shortfall said plainly (Chinese); null when met"),
  })
  .meta({ id: "TermComposition" });

/** A term 届期 as answered. */
export const termSchema = z
  .object({
    id: z.number().int(),
    organizationId: z.number().int(),
    organizationName: z.string(),
    body: z.string(),
    bodyLabel: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    electedOn: z.string().nullable(),
    seats: z.number().int(),
    grassrootsSeats: z.number().int(),
    rosterSeats: z.number().int().describe("deputy / committee-member rows linked to the term"),
    state: z.enum(["upcoming", "current", "expiring", "expired"]),
    succeeded: z.boolean().describe("a later term of the same body exists (the election was held)"),
    remindFrom: z.string().describe("the day it is listed as expiring"),
    composition: compositionSchema,
  })
  .meta({ id: "OrganizationTerm" });

/** GET /organizations/{id}/terms and …/terms/expiring. */
export const termListSchema = z.object({ items: z.array(termSchema) }).meta({ id: "OrganizationTermList" });

/** The answer of POST /terms/{id}/election: the term closed and the new one. */
export const electionResultSchema = z
  .object({
    previous: termSchema,
    term: termSchema,
    warnings: z
      .array(z.string())
      .describe("the new term's composition shortfall, if any (recorded anyway: a warning, not a refusal)"),
  })
  .meta({ id: "TermElection" });
