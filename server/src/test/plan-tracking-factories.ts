import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { Executor } from "../db/database";
import { queryRows } from "../db/sql-result";
import { todayInChina } from "../lib/clock";
import {
  createArchiveTestApp,
  listStoredFiles,
  type MultipartPart,
  multipartBody,
} from "./archive-factories";
import { createTestUser, logInEach, type TestSession } from "./factories";
import { buildDocx, buildZip, planTaskInput } from "./plan-factories";

/**
 * Test helpers of progress reports, close-outs and supervision (issue 5 part 4): an app with a
 * folder for files and a plan of five tasks in 团测试县委, the users who work on it, multipart
 * requests, and what "nothing written" means for these tables.
 */

/** The sessions of the tracking tests. */
export interface TrackingSessions {
  /** org_admin of the county: writes and reviews. */
  county: TestSession;
  /** A second org_admin of the county: reviews what `county` submitted. */
  reviewer: TestSession;
  /** org_admin of 东河镇: the county's plan is outside their scope. */
  east: TestSession;
  /** branch_secretary: plan:read only, and the plan is above their branch (404). */
  secretary: TestSession;
  /** evaluator at the county: plan:read and plan:evaluate, no write, no review. */
  evaluator: TestSession;
}

/**
 * A test app (files in a temporary folder) with the test county's plan "测试县改革实施方案": task 1
 * overdue (2022-12-31), task 2 due today, task 3 due 2099-06-30, task 4 without a deadline, task 5 due
 * 2099-12-31. `taskIds[number]` is each task's id.
 */
export async function createTrackingTestApp() {
  const context = await createArchiveTestApp();
  await createTestUser(context.db, "reviewer", "org_admin", context.tree.county.id);
  await createTestUser(context.db, "evaluator", "evaluator", context.tree.county.id);
  const [county, reviewer, east, secretary, evaluator] = await logInEach(context.app, [
    "county",
    "reviewer",
    "east",
    "secretary",
    "evaluator",
  ]);
  const today = todayInChina();
  const deadlines = ["2022-12-31", today, "2099-06-30", null, "2099-12-31"];
  const response = await context.app.inject({
    method: "POST",
    url: `/api/v1/organizations/${context.tree.county.id}/plans`,
    headers: county.headers,
    payload: {
      title: "测试县改革实施方案",
      phases: [],
      tasks: deadlines.map((deadline, index) =>
        planTaskInput(index + 1, {
          units: ["团县委"],
          leadUnit: "团县委",
          deadline,
          deadlineText: deadline === null ? "长期坚持" : null,
          path: ["一、组织建设"],
        }),
      ),
      unplaced: [],
    },
  });
  if (response.statusCode !== 201) throw new Error(response.body);
  const planId: number = response.json().id;
  const taskIds: Record<number, number> = Object.fromEntries(
    response.json().tasks.map((task: { id: number; number: number }) => [task.number, task.id]),
  );
  const sessions: TrackingSessions = { county, reviewer, east, secretary, evaluator };
  return { ...context, sessions, planId, taskIds, today };
}

/** The context {@link createTrackingTestApp} returns. */
export type TrackingTestContext = Awaited<ReturnType<typeof createTrackingTestApp>>;

/** A minimal Excel workbook (.xlsx): a zip holding xl/workbook.xml. */
export function buildXlsx(marker = ""): Buffer {
  return buildZip({
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types/>',
    "xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook><!--${marker}--></workbook>`,
  });
}

/** A minimal Word document (.docx) with one line of text. */
export function docxBytes(marker = ""): Buffer {
  return buildDocx(`进展材料${marker}`);
}

/** A file part of a multipart body, named "files". */
export function filePart(
  fileName: string,
  content: Buffer,
  contentType = "application/octet-stream",
): MultipartPart {
  return { name: "files", fileName, contentType, content };
}

/** Sends `parts` as multipart/form-data with `method` to `url` as `session` (or no one). */
export async function sendMultipart(
  app: FastifyInstance,
  url: string,
  parts: readonly MultipartPart[],
  session?: TestSession,
) {
  const body = multipartBody(parts);
  return app.inject({
    method: "POST",
    url,
    headers: { ...(session?.headers ?? {}), "content-type": body.contentType },
    payload: body.payload,
  });
}

/**
 * Everything a tracking write may change: row counts of the tables, the tasks' closed-out dates,
 * cancelled flags and weights, the plans' rules, and the stored files. Equal before and after a
 * refused request.
 */
export async function trackingState(db: Executor, filesDir: string) {
  const [counts] = await queryRows<Record<string, number>>(
    db,
    sql`select (select count(*)::int from plan_progress_report) as reports,
      (select count(*)::int from plan_close_out) as close_outs,
      (select count(*)::int from plan_attachment) as attachments,
      (select count(*)::int from plan_supervision) as supervisions,
      (select count(*)::int from audit_log) as audits`,
  );
  const tasks = await queryRows<Record<string, unknown>>(
    db,
    sql`select id, closed_out_on::text as closed_out_on, cancelled, weight::text as weight from plan_task order by id`,
  );
  const closeOuts = await queryRows<Record<string, unknown>>(
    db,
    sql`select id, state from plan_close_out order by id`,
  );
  const plans = await queryRows<Record<string, unknown>>(
    db,
    sql`select id, progress_rule from plan order by id`,
  );
  return { counts, tasks, closeOuts, plans, files: await listStoredFiles(filesDir) };
}
