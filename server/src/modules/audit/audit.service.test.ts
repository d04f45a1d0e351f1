import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { createTestDatabase } from "../../test/test-database";
import { systemActor } from "../auth/system-actor";
import { maskForAudit, recordAudit } from "./audit.service";

describe("maskForAudit", () => {
  it("masks the citizen ID and phone of a member record and keeps the other fields", () => {
    expect(
      maskForAudit({
        id: 7,
        name: "张三",
        citizenId: "51082119950101123x",
        phone: "13812345678",
        joinedOn: "2010-05-04",
        isCadre: false,
      }),
    ).toEqual({
      id: 7,
      name: "张三",
      citizenId: "5108**********123X",
      phone: "138****5678",
      joinedOn: "2010-05-04",
      isCadre: false,
    });
  });

  it("drops secrets entirely: password, password hash, CSRF token, session token hash", () => {
    expect(
      maskForAudit({
        username: "east",
        password: "correct horse battery",
        passwordHash: "$argon2id$v=19$m=65536,t=3,p=4$abc",
        csrfToken: "token",
        tokenHash: "hash",
      }),
    ).toEqual({ username: "east" });
  });

  it("masks inside nested objects and arrays of objects", () => {
    expect(
      maskForAudit({
        before: { member: { citizenId: "110105200501010016", phone: "13900001111" } },
        rows: [{ phone: "13812345678" }, { citizenId: "110105200602020028", password: "x" }],
      }),
    ).toEqual({
      before: { member: { citizenId: "1101**********0016", phone: "139****1111" } },
      rows: [{ phone: "138****5678" }, { citizenId: "1101**********0028" }],
    });
  });

  it.each([
    ["null", null, null],
    ["undefined", undefined, undefined],
    ["a number", 42, 42],
    ["a string", "13812345678", "13812345678"],
    ["an array of primitives", [1, "a", null], [1, "a", null]],
  ])("passes %s through unchanged", (_what, value, expected) => {
    expect(maskForAudit(value)).toEqual(expected);
  });

  it("leaves a missing phone or citizen ID as it is", () => {
    expect(maskForAudit({ phone: null, citizenId: undefined })).toEqual({
      phone: null,
      citizenId: undefined,
    });
  });

  it("masks a value that is too short to keep its ends completely", () => {
    expect(maskForAudit({ phone: "1234567", citizenId: "12345678" })).toEqual({
      phone: "*******",
      citizenId: "********",
    });
  });

  it("keeps dates as ISO text, as the stored record had them", () => {
    expect(
      maskForAudit({
        createdAt: new Date("2025-05-04T08:00:00.000Z"),
        history: [new Date("2024-01-01T00:00:00Z")],
      }),
    ).toEqual({ createdAt: "2025-05-04T08:00:00.000Z", history: ["2024-01-01T00:00:00.000Z"] });
  });

  it("does not change the record it is given", () => {
    const record = { citizenId: "110105200501010016", nested: { phone: "13812345678" } };
    maskForAudit(record);
    expect(record).toEqual({ citizenId: "110105200501010016", nested: { phone: "13812345678" } });
  });
});

describe("recordAudit", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => handle.close());

  it("stores who did what, with personal data masked and secrets dropped in before, after and detail", async () => {
    const actor = systemActor("auditor");
    await recordAudit(handle.db, actor, {
      action: "member.update",
      entityType: "member",
      entityId: 12,
      organizationId: 3,
      before: { name: "张三", citizenId: "110105200501010016", phone: "13812345678" },
      after: { name: "张三", citizenId: "110105200501010016", phone: "13900001111", passwordHash: "secret" },
      detail: { imported: [{ citizenId: "11010520060707123X" }] },
    });
    const [entry] = await queryRows<Record<string, unknown>>(
      handle.db,
      sql`select actor_user_id, actor_name, action, entity_type, entity_id, organization_id, before, after, detail
        from audit_log order by id desc limit 1`,
    );
    expect(entry).toEqual({
      actor_user_id: null,
      actor_name: "auditor",
      action: "member.update",
      entity_type: "member",
      entity_id: "12",
      organization_id: 3,
      before: { name: "张三", citizenId: "1101**********0016", phone: "138****5678" },
      after: { name: "张三", citizenId: "1101**********0016", phone: "139****1111" },
      detail: { imported: [{ citizenId: "1101**********123X" }] },
    });
    const [raw] = await queryRows<{ text: string }>(
      handle.db,
      sql`select before::text || after::text || detail::text as text from audit_log order by id desc limit 1`,
    );
    expect(raw?.text).not.toMatch(/110105200501010016|13812345678|13900001111|secret/);
  });
});
