import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/sql-result";
import { createTestApp, logInEach, type TestSession } from "../../test/factories";
import { memberIdByName, sendAs } from "../../test/member-factories";
import { multipartFile } from "../../test/registry-factories";

/**
 * 团费 routes (issue 12 part 4): schedule, a branch's month (batch entry), the .xlsx import, arrears
 * with the collection rate, /me/dues. Refusals: 401, 403, 404 outside, 400 naming the field — and
 * nothing written. The tests run in order.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let zhang: number;
let li: number;

beforeAll(async () => {
  context = await createTestApp();
  [county, east, secretary, member] = await logInEach(context.app, ["county", "east", "secretary", "member"]);
  zhang = await memberIdByName(context.db, "张三");
  li = await memberIdByName(context.db, "李四");
  await context.db.execute(sql`update app_user set member_id = ${zhang} where username = 'member'`);
});
afterAll(async () => context.close());

async function duesState() {
  const [row] = await queryRows<Record<string, unknown>>(
    context.db,
    sql`select (select count(*)::int from dues_payment) as payments,
               (select count(*)::int from dues_schedule) as schedule,
               (select count(*)::int from audit_log where action like 'dues%') as audits,
               (select string_agg(coalesce(last_dues_paid_on::text, '-'), ',' order by id) from member) as last_paid`,
  );
  return row;
}

async function expectNothingWritten(
  send: () => Promise<{ statusCode: number; body: string; json: () => unknown }>,
  status: number,
) {
  const before = await duesState();
  const response = await send();
  expect(response.statusCode, response.body).toBe(status);
  expect(await duesState()).toEqual(before);
  return response.json() as { error: { code: string; field?: string; message: string } };
}

const entry = (overrides: Record<string, unknown> = {}) => ({
  memberId: zhang,
  category: "student",
  amountYuan: 0.2,
  paidOn: "2026-03-05",
  ...overrides,
});

describe("dues schedule", () => {
  it("answers the default where no organization has a schedule", async () => {
    const response = await sendAs(
      context.app,
      secretary,
      "GET",
      `/organizations/${context.tree.eastVillage1.id}/dues-schedule`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ isDefault: true, ownerOrganizationId: null });
  });

  it("refuses 401, 404 outside, 403, 400 naming the row — nothing written", async () => {
    const { tree } = context;
    const rows = [
      {
        category: "student",
        incomeMinYuan: 0,
        incomeMaxYuan: null,
        monthlyYuan: 0.3,
        effectiveFrom: "2026-01-01",
      },
    ];
    await expectNothingWritten(
      () => sendAs(context.app, undefined, "PUT", `/organizations/${tree.east.id}/dues-schedule`, { rows }),
      401,
    );
    await expectNothingWritten(
      () => sendAs(context.app, east, "PUT", `/organizations/${tree.west.id}/dues-schedule`, { rows }),
      404,
    );
    await expectNothingWritten(
      () =>
        sendAs(context.app, member, "PUT", `/organizations/${tree.eastVillage1.id}/dues-schedule`, { rows }),
      403,
    );
    const overlap = await expectNothingWritten(
      () =>
        sendAs(context.app, east, "PUT", `/organizations/${tree.east.id}/dues-schedule`, {
          rows: [
            {
              category: "wage_earner",
              incomeMinYuan: 0,
              incomeMaxYuan: 3000,
              monthlyYuan: 1,
              effectiveFrom: "2026-01-01",
            },
            {
              category: "wage_earner",
              incomeMinYuan: 2000,
              incomeMaxYuan: null,
              monthlyYuan: 2,
              effectiveFrom: "2026-01-01",
            },
          ],
        }),
      400,
    );
    expect(overlap.error.field).toBe("rows.1.incomeMinYuan");
  });

  it("a township's schedule applies to its branches (nearest ancestor)", async () => {
    const { tree } = context;
    const rows = [
      {
        category: "student",
        incomeMinYuan: 0,
        incomeMaxYuan: null,
        monthlyYuan: 0.2,
        effectiveFrom: "2026-01-01",
      },
      {
        category: "wage_earner",
        incomeMinYuan: 0,
        incomeMaxYuan: null,
        monthlyYuan: 1,
        effectiveFrom: "2026-01-01",
      },
    ];
    const put = await sendAs(context.app, east, "PUT", `/organizations/${tree.east.id}/dues-schedule`, {
      rows,
    });
    expect(put.statusCode, put.body).toBe(200);
    const branch = await sendAs(
      context.app,
      secretary,
      "GET",
      `/organizations/${tree.eastVillage1.id}/dues-schedule`,
    );
    expect(branch.json()).toMatchObject({
      isDefault: false,
      ownerOrganizationId: tree.east.id,
      rows: expect.any(Array),
    });
    const west = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${tree.westVillage.id}/dues-schedule`,
    );
    expect(west.json()).toMatchObject({ isDefault: true });
  });
});

describe("PUT /organizations/{id}/dues/{month}", () => {
  const url = () => `/organizations/${context.tree.eastVillage1.id}/dues/2026-03`;

  it("refuses 401, 404, 403 and bad rows naming the field — nothing written", async () => {
    const { tree } = context;
    await expectNothingWritten(
      () => sendAs(context.app, undefined, "PUT", url(), { payments: [entry()] }),
      401,
    );
    await expectNothingWritten(
      () =>
        sendAs(context.app, east, "PUT", `/organizations/${tree.westVillage.id}/dues/2026-03`, {
          payments: [entry()],
        }),
      404,
    );
    await expectNothingWritten(() => sendAs(context.app, member, "PUT", url(), { payments: [entry()] }), 403);
    const mismatch = await expectNothingWritten(
      () =>
        sendAs(context.app, secretary, "PUT", url(), {
          payments: [entry({ memberId: li }), entry({ amountYuan: 1 })],
        }),
      400,
    );
    expect(mismatch.error.field).toBe("payments.1.deviationReason");
    const wang = await memberIdByName(context.db, "王五");
    const offRoll = await expectNothingWritten(
      () => sendAs(context.app, secretary, "PUT", url(), { payments: [entry({ memberId: wang })] }),
      400,
    );
    expect(offRoll.error.field).toBe("payments.0.memberId");
    const month = await expectNothingWritten(
      () =>
        sendAs(context.app, secretary, "PUT", `/organizations/${tree.eastVillage1.id}/dues/2026-13`, {
          payments: [entry()],
        }),
      400,
    );
    expect(month.error.field).toBe("month");
  });

  it("records the month in one transaction and keeps last_dues_paid_on true", async () => {
    const response = await sendAs(context.app, secretary, "PUT", url(), {
      payments: [
        entry(),
        entry({ memberId: li, category: "wage_earner", amountYuan: 5, deviationReason: "自愿多交" }),
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      organizationId: context.tree.eastVillage1.id,
      month: "2026-03-01",
      recorded: 2,
    });
    const [row] = await queryRows<{ last: string }>(
      context.db,
      sql`select last_dues_paid_on::text as last from member where id = ${zhang}`,
    );
    expect(row?.last).toBe("2026-03-05");
    const month = await sendAs(
      context.app,
      secretary,
      "GET",
      `/organizations/${context.tree.eastVillage1.id}/dues?month=2026-03`,
    );
    expect(month.json()).toMatchObject({ paidCount: 2, rollCount: 2, collectionRate: 100 });
    const audits = await queryRows<{ count: number }>(
      context.db,
      sql`select count(*)::int as count from audit_log where action = 'dues.record'`,
    );
    expect(Number(audits[0]?.count)).toBe(1);
  });
});

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("团费");
  sheet.addRow(["身份证号", "姓名", "类别", "月收入", "金额", "缴纳日期", "说明"]);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe("POST /organizations/{id}/dues/import", () => {
  const send = async (
    session: TestSession | undefined,
    organizationId: number,
    rows: (string | number)[][],
  ) => {
    const body = multipartFile(await workbook(rows), "dues.xlsx");
    return context.app.inject({
      method: "POST",
      url: `/api/v1/organizations/${organizationId}/dues/import?month=2026-04`,
      payload: body.payload,
      headers: { ...(session?.headers ?? {}), ...body.headers },
    });
  };

  it("names every bad row and writes nothing", async () => {
    const { tree } = context;
    const good = ["110105200501010016", "张三", "学生", "", 0.2, "2026-04-02", ""];
    await expectNothingWritten(() => send(undefined, tree.east.id, [good]), 401);
    await expectNothingWritten(() => send(east, tree.west.id, [good]), 404);
    await expectNothingWritten(() => send(member, tree.eastVillage1.id, [good]), 403);
    const refused = await expectNothingWritten(
      () =>
        send(east, tree.east.id, [
          good,
          ["110105200602020028", "李四", "学生", "", 3, "2026-04-02", ""],
          ["110105200804040047", "赵六", "学生", "", 0.2, "2026-04-02", ""],
          ["110105200703030030", "王五", "工人", "", 0.2, "2026-04-02", ""],
        ]),
      400,
    );
    expect(refused.error.field).toBe("file");
    expect(refused.error.message).toContain("第3行 说明");
    expect(refused.error.message).toContain("第4行 身份证号");
    expect(refused.error.message).toContain("第5行 类别");
  });

  it("imports a month for the subtree, each payment at the member's branch", async () => {
    const response = await send(east, context.tree.east.id, [
      ["110105200501010016", "张三", "学生", "", 0.2, "2026-04-02", ""],
      ["110105200703030030", "王五", "有工资收入", 4000, 1, "2026-04-03", ""],
    ]);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ recorded: 2, month: "2026-04-01" });
    const rows = await queryRows<{ organization_id: number }>(
      context.db,
      sql`select organization_id from dues_payment where month = '2026-04-01' order by member_id`,
    );
    expect(rows.map((r) => Number(r.organization_id))).toEqual([
      context.tree.eastVillage1.id,
      context.tree.eastVillage2.id,
    ]);
  });
});

describe("arrears and /me/dues", () => {
  it("lists unpaid months with the collection rate, 404 outside", async () => {
    const { tree } = context;
    expect(
      (await sendAs(context.app, east, "GET", `/organizations/${tree.west.id}/dues/arrears`)).statusCode,
    ).toBe(404);
    expect(
      (await sendAs(context.app, undefined, "GET", `/organizations/${tree.east.id}/dues/arrears`)).statusCode,
    ).toBe(401);
    const response = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${tree.east.id}/dues/arrears?from=2026-03&through=2026-04`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    // 3 members × 2 months expected; paid: 张三 ×2, 李四 March, 王五 April.
    expect(body).toMatchObject({ expectedMemberMonths: 6, paidMemberMonths: 4, collectionRate: 66.7 });
    expect(body.items.map((i: { name: string; months: string[] }) => [i.name, i.months])).toEqual([
      ["李四", ["2026-04-01"]],
      ["王五", ["2026-03-01"]],
    ]);
    const bad = await sendAs(
      context.app,
      east,
      "GET",
      `/organizations/${tree.east.id}/dues/arrears?from=2026-05&through=2026-04`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("from");
  });

  it("GET /me/dues: the member's own payments", async () => {
    const response = await sendAs(context.app, member, "GET", "/me/dues");
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().payments.map((p: { month: string }) => p.month)).toEqual([
      "2026-04-01",
      "2026-03-01",
    ]);
    expect((await sendAs(context.app, secretary, "GET", "/me/dues")).statusCode).toBe(404);
  });
});
