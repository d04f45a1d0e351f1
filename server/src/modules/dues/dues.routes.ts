import { z } from "zod";
import { commonErrorResponses, errorResponseSchema, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import { HttpError } from "../../lib/http-errors";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { readPlanForm } from "../plans/shared/plan-upload";
import {
  arrearsSchema,
  duesScheduleInputSchema,
  duesScheduleSchema,
  duesWriteSchema,
  monthDuesInputSchema,
  monthDuesSchema,
  monthSchema,
  ownDuesSchema,
} from "./dues.schemas";
import {
  getDuesSchedule,
  getMonthDues,
  getOwnDues,
  listArrears,
  previousMonth,
  putDuesSchedule,
  putMonthDues,
} from "./dues.service";
import { importDues } from "./dues-import.service";

const idParams = z.object({ id: idParameter });
const monthParams = z.object({ id: idParameter, month: monthSchema });
const monthQuery = z.object({ month: monthSchema });
const periodQuery = z.object({ from: monthSchema.optional(), through: monthSchema.optional() });
const writeErrors = { ...commonErrorResponses, 409: errorResponseSchema, 413: errorResponseSchema };

/**
 * Routes of League dues 团费 (domain.md §5; issue 12 part 4): the schedule (GET/PUT, nearest ancestor's
 * applies), a branch's month (GET, PUT batch entry), the .xlsx import of a month, arrears with the
 * collection rate, and a member's own dues. Scoped to the user's subtree (404 outside); writes audited;
 * a refused write writes nothing. Branch secretaries act with member:read / member:write.
 */
export async function registerDuesRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/dues-schedule",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["dues"],
        summary:
          "团费标准 The dues schedule in force at an organization (own, nearest ancestor's, or default)",
        params: idParams,
        response: { 200: duesScheduleSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/dues-schedule → DuesSchedule. */
    async (request) => getDuesSchedule(db, requireActor(request), request.params.id),
  );

  app.put(
    "/organizations/:id/dues-schedule",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["dues"],
        summary: "设置团费标准 Replace an organization's own dues schedule ([] = inherit again)",
        params: idParams,
        body: duesScheduleInputSchema,
        response: { 200: duesScheduleSchema, ...commonErrorResponses },
      },
    },
    /** PUT /api/v1/organizations/{id}/dues-schedule {rows} → DuesSchedule; 400 field rows.{i}.{field}. */
    async (request) => putDuesSchedule(db, requireActor(request), request.params.id, request.body.rows),
  );

  app.get(
    "/organizations/:id/dues",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["dues"],
        summary: "团费收缴 A branch's roll with each member's payment of a month",
        params: idParams,
        querystring: monthQuery,
        response: { 200: monthDuesSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/dues?month=YYYY-MM → MonthDues. */
    async (request) => getMonthDues(db, requireActor(request), request.params.id, request.query.month),
  );

  app.put(
    "/organizations/:id/dues/:month",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["dues"],
        summary: "批量登记团费 Record a branch's payments of a month in one transaction",
        params: monthParams,
        body: monthDuesInputSchema,
        response: { 200: duesWriteSchema, ...writeErrors },
      },
    },
    /** PUT /api/v1/organizations/{id}/dues/{YYYY-MM} {payments} → DuesWrite; 400 field payments.{i}.{field}. */
    async (request) =>
      putMonthDues(
        db,
        requireActor(request),
        request.params.id,
        request.params.month,
        request.body.payments,
        todayInChina(),
      ),
  );

  app.post(
    "/organizations/:id/dues/import",
    {
      config: { permission: "member:write" },
      schema: {
        tags: ["dues"],
        summary: "导入团费 Import a month's payments of the subtree from .xlsx",
        description:
          "multipart/form-data with one .xlsx file part (any name); ?month=YYYY-MM. First sheet, header row: " +
          "身份证号, 姓名, 类别 (学生/无业/有工资收入/其他), 月收入, 金额, 缴纳日期 (YYYY-MM-DD), 说明. Any bad row → 400 " +
          "field file naming every bad row; nothing written.",
        consumes: ["multipart/form-data"],
        params: idParams,
        querystring: monthQuery,
        response: { 200: duesWriteSchema, ...writeErrors },
      },
    },
    /** POST /api/v1/organizations/{id}/dues/import?month=YYYY-MM (multipart .xlsx) → DuesWrite. */
    async (request) => {
      const actor = requireActor(request);
      const form = request.isMultipart() ? await readPlanForm(request) : { files: [] };
      const file = form.files[0];
      if (!file)
        throw new HttpError(
          400,
          "invalid_input",
          "file：请上传 .xlsx 文件 / an .xlsx file is required",
          "file",
        );
      return importDues(db, actor, request.params.id, request.query.month, file.bytes, todayInChina());
    },
  );

  app.get(
    "/organizations/:id/dues/arrears",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["dues"],
        summary: "欠缴名单 Members of the subtree with unpaid months, and the collection rate",
        params: idParams,
        querystring: periodQuery,
        response: { 200: arrearsSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/organizations/{id}/dues/arrears?from&through (YYYY-MM; default this January … last month). */
    async (request) => {
      const through = request.query.through ?? previousMonth(todayInChina());
      const from = request.query.from ?? `${through.slice(0, 4)}-01-01`;
      return listArrears(db, requireActor(request), request.params.id, from, through);
    },
  );

  app.get(
    "/me/dues",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["me"],
        summary: "我的团费 The signed-in member's payments and unpaid months of this year",
        response: { 200: ownDuesSchema, ...commonErrorResponses },
      },
    },
    /** GET /api/v1/me/dues → OwnDues; 404 when the account has no member record. */
    async (request) => getOwnDues(db, requireActor(request), todayInChina()),
  );
}
