import { and, desc, eq, inArray, isNull, ne, type SQL, sql } from "drizzle-orm";
import {
  countyOfLocatedRow,
  countyOfOrganization,
  countyOfWorkflowRecord,
  countyScopeOfPath,
} from "../../db/county";
import type { Executor } from "../../db/database";
import {
  activity,
  applicantPrerequisiteRecord,
  developmentApplication,
  organization,
  volunteerRecord,
  volunteerShift,
  workflowInstance,
} from "../../db/schema";
import { inSubtree } from "../../lib/tree-sql";

/** A shift with its organization and the count and approved hours of its records. */
export interface ShiftRow {
  id: number;
  organizationId: number;
  organizationName: string;
  activityId: number | null;
  activityTitle: string | null;
  title: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number | null;
  createdAt: Date;
  recordCount: number;
  approvedHours: number;
}

/**
 * A shift's columns with its records' count and approved hours, correlated on the co-location key
 * (county_id, shift_id) — a record lies in its shift's county —, `county` the shift's county column in a
 * list, the county's value in a read by id (Citus plans a correlated subquery on one shard only so).
 */
function shiftColumnsIn(county: SQL) {
  return {
    id: volunteerShift.id,
    organizationId: volunteerShift.organizationId,
    organizationName: organization.name,
    activityId: volunteerShift.activityId,
    activityTitle: activity.title,
    title: volunteerShift.title,
    startsAt: volunteerShift.startsAt,
    endsAt: volunteerShift.endsAt,
    capacity: volunteerShift.capacity,
    createdAt: volunteerShift.createdAt,
    recordCount: sql<number>`(select count(*)::int from ${volunteerRecord}
      where ${volunteerRecord.countyId} = ${county} and ${volunteerRecord.shiftId} = ${volunteerShift.id} and ${volunteerRecord.status} <> 'rejected')`,
    approvedHours: sql<number>`(select coalesce(sum(${volunteerRecord.hours}), 0)::float8 from ${volunteerRecord}
      where ${volunteerRecord.countyId} = ${county} and ${volunteerRecord.shiftId} = ${volunteerShift.id} and ${volunteerRecord.status} = 'approved')`,
  };
}

/** A shift's activity, joined on (county_id, id): a shift's activity is of its organization, so of its county. */
function shiftActivityIn(county: SQL) {
  return and(sql`${activity.countyId} = ${county}`, eq(activity.id, volunteerShift.activityId));
}

function normalizeShift(row: ShiftRow): ShiftRow {
  return { ...row, recordCount: Number(row.recordCount), approvedHours: Number(row.approvedHours) };
}

/** Shifts of the organizations in the subtree at `rootPath`, newest start first, at most `limit`. */
export async function findShiftsInSubtree(
  db: Executor,
  rootPath: string,
  limit: number,
): Promise<ShiftRow[]> {
  const county = await countyScopeOfPath(db, rootPath);
  const countyOfRows = county === null ? sql`${volunteerShift.countyId}` : sql`${county}::int`;
  const rows = await db
    .select(shiftColumnsIn(countyOfRows))
    .from(volunteerShift)
    .innerJoin(organization, eq(organization.id, volunteerShift.organizationId))
    .leftJoin(activity, shiftActivityIn(countyOfRows))
    .where(
      and(
        inSubtree(organization.path, rootPath),
        // The subtree's county when it lies in one (one shard on Citus; above a county every shard).
        ...(county === null ? [] : [eq(volunteerShift.countyId, county)]),
      ),
    )
    .orderBy(desc(volunteerShift.startsAt), desc(volunteerShift.id))
    .limit(limit);
  return rows.map(normalizeShift);
}

/**
 * One shift of county `countyId` (`lock`: FOR UPDATE of the shift row first, in a statement of its own —
 * Citus refuses a row lock on a read joined with the reference tree —, so records against its capacity
 * are serialised).
 */
export async function findShift(
  db: Executor,
  countyId: number,
  id: number,
  lock = false,
): Promise<ShiftRow | undefined> {
  const byId = and(eq(volunteerShift.countyId, countyId), eq(volunteerShift.id, id));
  if (lock) await db.select({ id: volunteerShift.id }).from(volunteerShift).where(byId).for("update");
  const [row] = await db
    .select(shiftColumnsIn(sql`${countyId}::int`))
    .from(volunteerShift)
    .innerJoin(organization, eq(organization.id, volunteerShift.organizationId))
    .leftJoin(activity, shiftActivityIn(sql`${countyId}::int`))
    .where(byId);
  return row ? normalizeShift(row) : undefined;
}

/** Inserts a shift with its organization's county (read when not given: migration 0050); returns its id. */
export async function insertShift(
  db: Executor,
  values: Omit<typeof volunteerShift.$inferInsert, "id" | "createdAt">,
): Promise<number> {
  const countyId = values.countyId ?? (await countyOfOrganization(db, values.organizationId));
  const [row] = await db
    .insert(volunteerShift)
    .values({ ...values, countyId })
    .returning({ id: volunteerShift.id });
  if (!row) throw new Error("volunteer shift not inserted");
  return row.id;
}

/** The organization id of an activity (for a shift tied to it): its county (county_locator), then the row. */
export async function findActivityOrganization(
  db: Executor,
  activityId: number,
): Promise<number | undefined> {
  const countyId = await countyOfLocatedRow(db, "activity", activityId);
  const [row] = await db
    .select({ organizationId: activity.organizationId })
    .from(activity)
    .where(and(eq(activity.countyId, countyId), eq(activity.id, activityId)));
  return row?.organizationId;
}

/** A volunteer record with its shift's title and times and the recording organization's name. */
export type RecordRow = typeof volunteerRecord.$inferSelect & {
  shiftTitle: string;
  shiftStartsAt: Date;
  shiftEndsAt: Date;
  organizationName: string;
};

const recordColumns = {
  record: volunteerRecord,
  shiftTitle: volunteerShift.title,
  shiftStartsAt: volunteerShift.startsAt,
  shiftEndsAt: volunteerShift.endsAt,
  organizationName: organization.name,
};

function flatten(row: {
  record: typeof volunteerRecord.$inferSelect;
  shiftTitle: string;
  shiftStartsAt: Date;
  shiftEndsAt: Date;
  organizationName: string;
}): RecordRow {
  return {
    ...row.record,
    shiftTitle: row.shiftTitle,
    shiftStartsAt: row.shiftStartsAt,
    shiftEndsAt: row.shiftEndsAt,
    organizationName: row.organizationName,
  };
}

function recordsQuery(db: Executor) {
  return (
    db
      .select(recordColumns)
      .from(volunteerRecord)
      // On (county_id, shift_id): a record lies in its shift's county (the co-location key on Citus).
      .innerJoin(
        volunteerShift,
        and(
          eq(volunteerShift.countyId, volunteerRecord.countyId),
          eq(volunteerShift.id, volunteerRecord.shiftId),
        ),
      )
      .innerJoin(organization, eq(organization.id, volunteerRecord.organizationId))
  );
}

/** The records of a shift of county `countyId`, in the order recorded. */
export async function findRecordsOfShift(
  db: Executor,
  countyId: number,
  shiftId: number,
): Promise<RecordRow[]> {
  const rows = await recordsQuery(db)
    .where(and(eq(volunteerRecord.countyId, countyId), eq(volunteerRecord.shiftId, shiftId)))
    .orderBy(volunteerRecord.id);
  return rows.map(flatten);
}

/**
 * One record of county `countyId` (`lock`: FOR UPDATE of the record row first, in a statement of its own,
 * for a decision or a certificate).
 */
export async function findRecord(
  db: Executor,
  countyId: number,
  id: number,
  lock = false,
): Promise<RecordRow | undefined> {
  const byId = and(eq(volunteerRecord.countyId, countyId), eq(volunteerRecord.id, id));
  if (lock) await db.select({ id: volunteerRecord.id }).from(volunteerRecord).where(byId).for("update");
  const [row] = await recordsQuery(db).where(byId);
  return row ? flatten(row) : undefined;
}

/** A member's records, newest first (by member id: on Citus every shard — a person serves in any county). */
export async function findRecordsOfMember(db: Executor, memberId: number): Promise<RecordRow[]> {
  const rows = await recordsQuery(db)
    .where(eq(volunteerRecord.memberId, memberId))
    .orderBy(desc(volunteerRecord.checkedInAt), desc(volunteerRecord.id));
  return rows.map(flatten);
}

/**
 * The record holding certificate `number` (the public check). The number ends with the record's id
 * (domain volunteerCertificateNumber): its county from county_locator, then the record by county, id and
 * number (one shard each on Citus); a number without such an id is looked up on every shard.
 */
export async function findRecordByCertificate(db: Executor, number: string): Promise<RecordRow | undefined> {
  const suffix = /-0*([1-9][0-9]{0,15})$/.exec(number)?.[1];
  const id = suffix === undefined ? null : Number(suffix);
  const countyId = id === null ? 0 : await countyOfLocatedRow(db, "volunteer_record", id);
  const byNumber = eq(volunteerRecord.certificateNumber, number);
  const [row] = await recordsQuery(db).where(
    countyId === 0 || id === null
      ? byNumber
      : and(eq(volunteerRecord.countyId, countyId), eq(volunteerRecord.id, id), byNumber),
  );
  return row ? flatten(row) : undefined;
}

/** How many live (not rejected) records a shift of county `countyId` holds. */
export async function countLiveRecords(db: Executor, countyId: number, shiftId: number): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(volunteerRecord)
    .where(
      and(
        eq(volunteerRecord.countyId, countyId),
        eq(volunteerRecord.shiftId, shiftId),
        ne(volunteerRecord.status, "rejected"),
      ),
    );
  return Number(row?.total ?? 0);
}

/** Inserts a record with its organization's county (read when not given: migration 0050); returns its id. */
export async function insertRecord(
  db: Executor,
  values: Omit<typeof volunteerRecord.$inferInsert, "id" | "createdAt">,
): Promise<number> {
  const countyId = values.countyId ?? (await countyOfOrganization(db, values.organizationId));
  const [row] = await db
    .insert(volunteerRecord)
    .values({ ...values, countyId })
    .returning({ id: volunteerRecord.id });
  if (!row) throw new Error("volunteer record not inserted");
  return row.id;
}

/** Sets a record's decision columns (the record of county `countyId`). */
export async function updateRecord(
  db: Executor,
  countyId: number,
  id: number,
  values: Partial<Omit<typeof volunteerRecord.$inferInsert, "id" | "createdAt">>,
): Promise<void> {
  await db
    .update(volunteerRecord)
    .set(values)
    .where(and(eq(volunteerRecord.countyId, countyId), eq(volunteerRecord.id, id)));
}

/**
 * Sets the certificate of a record that has none yet (guarded by `certificate_number is null`):
 * true when this call set it.
 */
export async function setCertificate(
  db: Executor,
  countyId: number,
  id: number,
  values: { certificateNumber: string; certificateCode: string; certificateIssuedAt: Date },
): Promise<boolean> {
  const rows = await db
    .update(volunteerRecord)
    .set(values)
    .where(
      and(
        eq(volunteerRecord.countyId, countyId),
        eq(volunteerRecord.id, id),
        isNull(volunteerRecord.certificateNumber),
      ),
    )
    .returning({ id: volunteerRecord.id });
  return rows.length > 0;
}

/**
 * Open development applications (入团申请 whose workflow instance is not closed) of the person with
 * this name and phone: where approved hours feed the points scheme.
 */
export async function findOpenApplicationsOfPerson(
  db: Executor,
  name: string,
  phone: string,
): Promise<number[]> {
  const rows = await db
    .select({ id: developmentApplication.id })
    .from(developmentApplication)
    .innerJoin(
      workflowInstance,
      and(
        eq(workflowInstance.countyId, developmentApplication.countyId),
        eq(workflowInstance.id, developmentApplication.instanceId),
      ),
    )
    .where(
      and(
        eq(developmentApplication.name, name),
        eq(developmentApplication.phone, phone),
        isNull(workflowInstance.closedAt),
      ),
    );
  return rows.map((row) => row.id);
}

/** Feeds approved hours into applications' prerequisite records (origin "volunteer"). */
export async function insertVolunteerPrerequisites(
  db: Executor,
  applicationIds: readonly number[],
  fact: { item: string; units: number; occurredOn: string; origin: string },
  volunteerRecordId: number,
  recordedBy: number | null,
): Promise<void> {
  if (applicationIds.length === 0) return;
  // Each record in its application's county (on Citus the insert is routed by it).
  const counties = new Map<number, number>();
  for (const applicationId of new Set(applicationIds)) {
    counties.set(applicationId, await countyOfWorkflowRecord(db, "development_application", applicationId));
  }
  await db.insert(applicantPrerequisiteRecord).values(
    applicationIds.map((applicationId) => ({
      countyId: counties.get(applicationId) ?? 0,
      applicationId,
      item: fact.item,
      units: fact.units,
      occurredOn: fact.occurredOn,
      origin: fact.origin,
      note: "志愿服务时长审核通过",
      detail: { volunteerRecordId },
      recordedBy,
    })),
  );
}

/** The records' ids that fed prerequisites (tests and the record view): volunteer record id → application ids. */
export async function findFedApplications(
  db: Executor,
  recordIds: readonly number[],
): Promise<Map<number, number[]>> {
  const result = new Map<number, number[]>();
  if (recordIds.length === 0) return result;
  const rows = await db
    .select({
      applicationId: applicantPrerequisiteRecord.applicationId,
      recordId: sql<number>`(${applicantPrerequisiteRecord.detail} ->> 'volunteerRecordId')::bigint`,
    })
    .from(applicantPrerequisiteRecord)
    .where(
      and(
        eq(applicantPrerequisiteRecord.origin, "volunteer"),
        inArray(sql`(${applicantPrerequisiteRecord.detail} ->> 'volunteerRecordId')::bigint`, [...recordIds]),
      ),
    );
  for (const row of rows) {
    const id = Number(row.recordId);
    result.set(id, [...(result.get(id) ?? []), Number(row.applicationId)]);
  }
  return result;
}
