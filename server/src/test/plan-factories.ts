import path from "node:path";
import { crc32 } from "node:zlib";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll } from "vitest";
import { REPOSITORY_ROOT } from "../config";
import type { Executor } from "../db/database";
import { queryRows } from "../db/sql-result";
import type { ParsedPlanInput } from "../modules/plans/ledger/plan.schemas";
import type { TestSession } from "./factories";

/** The Wangcang reform plan (26 tasks, 3 phases), the plan parser's reference input. */
export const WANGCANG_PLAN_PATH = path.join(
  REPOSITORY_ROOT,
  "domain/src/plan/fixtures/wangcang-reform-plan.txt",
);

/** A zip archive with the given entries, stored without compression (enough for a .docx reader). */
export function buildZip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name, "utf8");
    const data = Buffer.from(content, "utf8");
    const checksum = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDirectory, end]);
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** A minimal Word document (.docx) with one paragraph per line of `text`. */
export function buildDocx(text: string): Buffer {
  const paragraphs = text
    .split("\n")
    .map((line) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r></w:p>`)
    .join("");
  return buildZip({
    "[Content_Types].xml":
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels":
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    "word/document.xml":
      '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      `<w:body>${paragraphs}</w:body></w:document>`,
  });
}

/** Row counts of the plan tables and the audit log. */
export interface PlanTableCounts {
  plan: number;
  plan_phase: number;
  plan_task: number;
  plan_target: number;
  plan_level_target: number;
  audit_log: number;
}

/** Row counts of the plan tables and the audit log, to compare before and after a refused write. */
export async function countPlanTables(db: Executor): Promise<PlanTableCounts> {
  const [row] = await queryRows<PlanTableCounts>(
    db,
    sql`select (select count(*)::int from plan) as plan, (select count(*)::int from plan_phase) as plan_phase,
      (select count(*)::int from plan_task) as plan_task, (select count(*)::int from plan_target) as plan_target,
      (select count(*)::int from plan_level_target) as plan_level_target,
      (select count(*)::int from audit_log) as audit_log`,
  );
  if (!row) throw new Error("no counts");
  return {
    plan: Number(row.plan),
    plan_phase: Number(row.plan_phase),
    plan_task: Number(row.plan_task),
    plan_target: Number(row.plan_target),
    plan_level_target: Number(row.plan_level_target),
    audit_log: Number(row.audit_log),
  };
}

/**
 * One task of a plan to import (POST /organizations/{id}/plans, importPlan): "任务{number}" with the
 * text "任务{number}的内容", no units, deadline, path or targets, unless `overrides` says otherwise.
 */
export function planTaskInput(
  number: number,
  overrides: Partial<ParsedPlanInput["tasks"][number]> = {},
): ParsedPlanInput["tasks"][number] {
  return {
    number,
    title: `任务${number}`,
    text: `任务${number}的内容`,
    units: [],
    leadUnit: null,
    deadline: null,
    deadlineText: null,
    path: [],
    targets: [],
    ...overrides,
  };
}

/** Sends a JSON request as `session` (or no one). */
export async function sendJson(
  app: FastifyInstance,
  method: "GET" | "POST" | "PUT" | "PATCH",
  url: string,
  payload?: object,
  session?: TestSession,
) {
  return app.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload }),
    ...(session ? { headers: session.headers } : {}),
  });
}

/**
 * Registers the hooks of a route test file: before all tests `create()` (e.g. createTrackingTestApp),
 * then `prepare` (if given) on its result; after all, `close()`. Returns the context, filled in place
 * by the beforeAll hook (so read it inside tests and hooks, not while the file is collected).
 */
export function useTestApp<Context extends { close: () => Promise<void> }>(
  create: () => Promise<Context>,
  prepare?: (context: Context) => Promise<void>,
): Context {
  const context = {} as Context;
  beforeAll(async () => {
    Object.assign(context, await create());
    await prepare?.(context);
  });
  afterAll(async () => context.close());
  return context;
}
