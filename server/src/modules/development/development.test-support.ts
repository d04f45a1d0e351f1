import { eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import { countyOfOrganization } from "../../db/county";
import type { Executor } from "../../db/database";
import { admissionQuota, developmentApplication, workflowInstance, workItem } from "../../db/schema";
import { queryRows } from "../../db/sql-result";
import type { TestSession } from "../../test/factories";
import { citizenIdFor, sendAs } from "../../test/member-factories";
import { insertAttachment } from "../archive/attachment.repository";
import { insertPrerequisiteRecord } from "./development.repository";

/**
 * Helpers of the member development tests: an application's input, the tables a development write
 * touches (a refused one must leave them alone), a quota, prerequisites that meet the default scheme,
 * a signed form, and a step through the API.
 */

/** A valid application for a student born `birthDate` (odd sequence: male). */
export function applicationInput(
  name: string,
  birthDate: string,
  sequence: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name,
    sex: Number(sequence) % 2 === 1 ? "male" : "female",
    citizenId: citizenIdFor(birthDate, sequence),
    birthDate,
    phone: "13900002222",
    ethnicity: "han",
    schoolLevel: "junior_secondary",
    grade: 9,
    graduatingClass: true,
    applicationDate: "2026-01-05",
    ...overrides,
  };
}

const DEVELOPMENT_TABLES = [
  "workflow_instance",
  "workflow_step",
  "work_item",
  "development_application",
  "applicant_prerequisite_record",
  "member",
  "member_history",
  "member_event",
  "audit_log",
  "member_number_sequence",
] as const;

/** Row counts of every table a development write touches, the quotas' used places and the instances' versions. */
export async function developmentState(db: Executor) {
  const counts: Record<string, number> = {};
  for (const table of DEVELOPMENT_TABLES) {
    const rows = await queryRows<{ total: number }>(
      db,
      sql`select count(*)::int as total from ${sql.identifier(table)}`,
    );
    counts[table] = Number(rows[0]?.total);
  }
  const quotas = await queryRows(db, sql`select id, used from admission_quota order by id`);
  const instances = await queryRows(
    db,
    sql`select id, state, version, data from workflow_instance order by id`,
  );
  const openItems = await queryRows(
    db,
    sql`select id, state from work_item where closed_at is null order by id`,
  );
  return { counts, quotas, instances, openItems };
}

/** Runs a write that must be refused: its status and error, and nothing written. Returns the body. */
export async function expectDevelopmentRefused(
  db: Executor,
  write: () => Promise<{ statusCode: number; json: () => { error: Record<string, unknown> } }>,
  status: number,
  error: Record<string, unknown> = {},
) {
  const before = await developmentState(db);
  const response = await write();
  expect(response.statusCode, JSON.stringify(response.json())).toBe(status);
  expect(response.json().error).toMatchObject(error);
  expect(await developmentState(db)).toEqual(before);
  return response.json().error;
}

/** Gives the county its 6-digit division code (member numbers need it). */
export async function setDivisionCode(db: Executor, organizationId: number, code: string): Promise<void> {
  await db.execute(sql`update organization set division_code = ${code} where id = ${organizationId}`);
}

/** A quota of `amount` places for `organizationId` in `year`; returns its id. */
export async function insertQuota(db: Executor, organizationId: number, year: number, amount: number) {
  const [row] = await db
    .insert(admissionQuota)
    .values({ organizationId, year, amount })
    .returning({ id: admissionQuota.id });
  if (!row) throw new Error("quota not inserted");
  return row.id;
}

/** Records prerequisites meeting the default scheme (团课 10 h, 思政课 10 h graded 4, 30 volunteer hours in `year`). */
export async function meetPrerequisites(db: Executor, applicationId: number, year: number): Promise<void> {
  const on = `${year}-03-01`;
  for (const [item, units] of [
    ["league_class_hours", 10],
    ["ideological_course_hours", 10],
    ["ideological_course_grade", 4],
    ["volunteer_hours_in_year", 30],
  ] as const) {
    await insertPrerequisiteRecord(db, { applicationId, item, units, occurredOn: on, origin: "branch" });
  }
}

/**
 * Stores a signed 入团志愿书 in a member's archive (as the attachment upload does, through its repository:
 * the row names the member's county, which routes it on Citus).
 */
export async function insertSignedForm(db: Executor, memberId: number): Promise<void> {
  await insertAttachment(db, {
    memberId,
    kind: "application_form",
    sha256: "0".repeat(64),
    byteSize: 1024,
    mediaType: "application/pdf",
    fileName: "入团志愿书.pdf",
    uploadedByName: "secretary",
  });
}

/** Takes a step through the API; returns the response. */
export function step(
  app: FastifyInstance,
  session: TestSession | undefined,
  applicationId: number,
  action: string,
  version: number,
  payload: Record<string, unknown> = {},
) {
  return sendAs(app, session, "POST", `/applications/${applicationId}/transitions`, {
    action,
    version,
    payload,
  });
}

/** Takes a step that must succeed; returns the new version. */
export async function stepOk(
  app: FastifyInstance,
  session: TestSession,
  applicationId: number,
  action: string,
  version: number,
  payload: Record<string, unknown> = {},
): Promise<number> {
  const response = await step(app, session, applicationId, action, version, payload);
  expect(response.statusCode, `${action}: ${response.body}`).toBe(200);
  return (response.json() as { version: number }).version;
}

/**
 * An application already voted by its branch (state branch_voted, version 1), written straight into
 * the tables with its chain of dates and its committee work item: for the approval race.
 */
export async function insertVotedApplication(
  db: Executor,
  branch: { id: number; path: string },
  name: string,
  citizenId: string,
): Promise<number> {
  const recorded = {
    applicationDate: "2026-01-05",
    talkDate: "2026-01-20",
    candidateNamedOn: "2026-02-01",
    targetProposedOn: "2026-05-10",
    precheckedOn: "2026-05-20",
    sponsorsNamedOn: "2026-06-01",
    voteDate: "2026-06-15",
  };
  // The county is given with each insert (on Citus it routes the row; elsewhere a trigger fills it).
  const countyId = await countyOfOrganization(db, branch.id);
  const [instance] = await db
    .insert(workflowInstance)
    .values({
      countyId,
      kind: "member_development",
      organizationId: branch.id,
      state: "branch_voted",
      title: name,
      data: { recorded },
    })
    .returning({ id: workflowInstance.id });
  if (!instance) throw new Error("instance not inserted");
  const [application] = await db
    .insert(developmentApplication)
    .values({
      countyId,
      instanceId: instance.id,
      organizationId: branch.id,
      name,
      sex: "male",
      citizenId,
      birthDate: `${citizenId.slice(6, 10)}-${citizenId.slice(10, 12)}-${citizenId.slice(12, 14)}`,
      applicationDate: recorded.applicationDate,
    })
    .returning({ id: developmentApplication.id });
  if (!application) throw new Error("application not inserted");
  await db
    .update(workflowInstance)
    .set({ data: { recorded, entityId: application.id } })
    .where(eq(workflowInstance.id, instance.id));
  await db.insert(workItem).values({
    countyId,
    instanceCountyId: countyId,
    instanceId: instance.id,
    kind: "member_development",
    state: "branch_voted",
    organizationId: branch.id,
    organizationPath: branch.path,
    awaitingPlace: "higher_committee",
    awaitingPermission: "member:write",
    title: name,
  });
  return application.id;
}
