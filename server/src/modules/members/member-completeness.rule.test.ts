import { isRecordComplete, type MemberRecordValues, REQUIRED_MEMBER_FIELDS } from "@tuanwu/domain";
import { getTableColumns, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { member } from "../../db/schema";
import { queryRows } from "../../db/sql-result";
import { createTestCounty } from "../../test/factories";
import { memberRecordInput } from "../../test/member-factories";
import { createTestDatabase } from "../../test/test-database";
import { systemActor } from "../auth/system-actor";
import { createMember } from "./member-record.service";

/**
 * 信息完整率's rule is single-sourced in domain (REQUIRED_MEMBER_FIELDS, isRecordComplete); the counters
 * count it with the SQL function member_record_complete (migration 0029). Both must agree on every
 * fixture: a complete record, and that record with each required field (and a few optional ones)
 * absent, null, empty, or blank by JavaScript's trim (ASCII whitespace, NBSP, the ideographic space).
 */

const columns = getTableColumns(member);
const BLANKS = ["", "   ", "\t\n", "\u00a0", "\u3000", "\u3000 \u2003", "\ufeff"];
const PRESENT = ["x", " 汉 ", "\u3000x\u3000"];
const OPTIONAL_FIELDS = ["email", "wechat", "fullTimeEducation", "partyJoinedOn"] as const;

let handle: DatabaseHandle;
let memberId: number;
let base: Record<string, unknown>;

beforeAll(async () => {
  handle = await createTestDatabase();
  const county = await createTestCounty(handle.db);
  memberId = await createMember(
    handle.db,
    systemActor("completeness-rule"),
    county.eastVillage1.id,
    memberRecordInput() as never,
    "2025-06-30",
  );
  const [row] = await queryRows<Record<string, unknown>>(
    handle.db,
    sql`select to_jsonb(m) as record from member m where id = ${memberId}`,
  );
  base = row?.record as Record<string, unknown>;
});

afterAll(async () => {
  await handle?.close();
});

/** The SQL rule on the stored member with `patch` (column → value) applied, constraints aside. */
async function sqlComplete(patch: Record<string, unknown>): Promise<boolean> {
  const [row] = await queryRows<{ complete: boolean }>(
    handle.db,
    sql`select member_record_complete(jsonb_populate_record(m, ${JSON.stringify(patch)}::jsonb)) as complete
          from member m where m.id = ${memberId}`,
  );
  return row?.complete as boolean;
}

/** The domain rule on the same record (camelCase fields from the stored columns, `patch` applied). */
function domainComplete(patch: Record<string, unknown>): boolean {
  const record: Record<string, unknown> = {};
  const values = { ...base, ...patch };
  for (const [field, column] of Object.entries(columns)) record[field] = values[column.name];
  return isRecordComplete(record as MemberRecordValues);
}

describe("信息完整率: the SQL rule (member_record_complete) agrees with the domain rule", () => {
  it("counts the fixture record complete, both ways", async () => {
    expect(domainComplete({})).toBe(true);
    expect(await sqlComplete({})).toBe(true);
  });

  for (const field of REQUIRED_MEMBER_FIELDS) {
    const column = columns[field];
    const text = column.columnType === "PgText";
    const cases: unknown[] = [null, ...(text ? [...BLANKS, ...PRESENT] : [])];
    it(`required ${field} (${column.name}): ${cases.length} values`, async () => {
      for (const value of cases) {
        const patch = { [column.name]: value };
        const expected = domainComplete(patch);
        expect(await sqlComplete(patch), `${field} = ${JSON.stringify(value)}`).toBe(expected);
      }
      expect(domainComplete({ [column.name]: null })).toBe(false);
    });
  }

  it("ignores fields that are not required", async () => {
    for (const field of OPTIONAL_FIELDS) {
      const patch = { [columns[field].name]: null };
      expect(domainComplete(patch)).toBe(true);
      expect(await sqlComplete(patch), field).toBe(true);
    }
  });

  it("requires every field when several are missing at once", async () => {
    const patch = { phone: "\u3000", member_number: null, education: "" };
    expect(domainComplete(patch)).toBe(false);
    expect(await sqlComplete(patch)).toBe(false);
  });
});
