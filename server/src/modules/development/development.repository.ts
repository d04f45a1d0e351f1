import { ancestorPathsOf } from "@tuanwu/domain";
import { and, eq, inArray, sql } from "drizzle-orm";
import { countyOfMember, countyOfWorkflowRecord, countyScopeOfPath } from "../../db/county";
import type { Executor } from "../../db/database";
import {
  admissionQuota,
  applicantPrerequisiteRecord,
  appUser,
  developmentApplication,
  member,
  organization,
  pointsScheme,
} from "../../db/schema";
import { queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";

/** An application row as stored. */
export type DevelopmentApplicationRow = typeof developmentApplication.$inferSelect;

/** An application named by its county and id (what routes a statement on Citus). */
export interface ApplicationKey {
  id: number;
  countyId: number;
}

/** Inserts an application (入团申请; `countyId` its instance's) and returns its id. */
export async function insertDevelopmentApplication(
  db: Executor,
  values: Omit<typeof developmentApplication.$inferInsert, "id" | "createdAt" | "countyId"> & {
    countyId: number;
  },
): Promise<number> {
  const [row] = await db
    .insert(developmentApplication)
    .values(values)
    .returning({ id: developmentApplication.id });
  if (!row) throw new Error("application not inserted");
  return row.id;
}

/**
 * One application with its branch's name and path; `lock` "update" locks the application row. Its
 * county is read first without a lock (countyOfWorkflowRecord), then the read names it.
 */
export async function findDevelopmentApplication(db: Executor, id: number, lock?: "update") {
  const countyId = await countyOfWorkflowRecord(db, "development_application", id);
  const query = db
    .select({
      application: developmentApplication,
      organizationName: sql<string>`coalesce(${organization.shortName}, ${organization.name})`,
      organizationPath: organization.path,
    })
    .from(developmentApplication)
    .innerJoin(organization, eq(organization.id, developmentApplication.organizationId))
    .where(and(eq(developmentApplication.countyId, countyId), eq(developmentApplication.id, id)))
    .limit(1);
  const rows = lock ? await query.for("update", { of: developmentApplication }) : await query;
  return rows[0];
}

/** Changes columns of an application (number, quota, member, account). */
export async function updateDevelopmentApplication(
  db: Executor,
  application: ApplicationKey,
  values: Partial<
    Pick<DevelopmentApplicationRow, "admissionQuotaId" | "memberNumber" | "memberId" | "applicantUserId">
  >,
): Promise<void> {
  await db
    .update(developmentApplication)
    .set(values)
    .where(
      and(
        eq(developmentApplication.countyId, application.countyId),
        eq(developmentApplication.id, application.id),
      ),
    );
}

/**
 * Who already holds `citizenId`: a member record, or an application still open (not archived,
 * rejected or withdrawn). Undefined when nobody does. Takes a transaction-scoped advisory lock on the
 * citizen ID first, so that two registrations of one person at once cannot both pass: call it in the
 * registering transaction.
 */
export async function findCitizenIdInUse(
  db: Executor,
  citizenId: string,
): Promise<{ kind: "member" | "application"; organizationName: string } | undefined> {
  // Serializes registrations of one citizen ID until the transaction ends (two at once: one is refused).
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`development_application:${citizenId}`}))`);
  const rows = await queryRows<{ kind: "member" | "application"; organizationName: string }>(
    db,
    sql`(select 'member' as kind, coalesce(o.short_name, o.name) as "organizationName"
        from member m join organization o on o.id = m.organization_id where m.citizen_id = ${citizenId} limit 1)
      union all
      (select 'application', coalesce(o.short_name, o.name)
        from development_application a
        join workflow_instance i on i.county_id = a.county_id and i.id = a.instance_id
        join organization o on o.id = a.organization_id
        where a.citizen_id = ${citizenId} and i.closed_at is null limit 1)`,
  );
  return rows[0];
}

/** A pipeline row: the application, its instance's state and version, its branch. */
export interface PipelineRow {
  id: number;
  instanceId: number;
  organizationId: number;
  organizationName: string;
  name: string;
  citizenId: string;
  applicationDate: string;
  state: string;
  version: number;
  openedAt: Date | string;
  total: number;
}

/**
 * One page of the applications in the subtree at `path` (the pipeline, 发展团员), optionally in one
 * state, searched by name, pinyin initials or the citizen ID's tail; oldest application first.
 */
export async function findPipelinePage(
  db: Executor,
  path: string,
  filter: { state?: string | undefined; q?: string | undefined },
  page: { limit: number; offset: number },
): Promise<PipelineRow[]> {
  const conditions = [sql`o.path like ${`${path}%`}`];
  // Inside one county bucket the read names it: one shard on Citus.
  const county = await countyScopeOfPath(db, path);
  if (county !== null) conditions.push(sql`a.county_id = ${county}`);
  if (filter.state !== undefined) conditions.push(sql`i.state = ${filter.state}`);
  if (filter.q !== undefined && filter.q !== "") {
    const q = filter.q.toLowerCase();
    conditions.push(
      sql`(a.name like ${`%${filter.q}%`} or a.name_initials like ${`${q}%`} or a.citizen_id like ${`%${filter.q.toUpperCase()}`})`,
    );
  }
  const rows = await queryRows<PipelineRow>(
    db,
    sql`select a.id, a.instance_id as "instanceId", a.organization_id as "organizationId",
        coalesce(o.short_name, o.name) as "organizationName", a.name, a.citizen_id as "citizenId",
        a.application_date::text as "applicationDate", i.state, i.version, i.opened_at as "openedAt",
        count(*) over () as total
      from development_application a
      join workflow_instance i on i.county_id = a.county_id and i.id = a.instance_id
      join organization o on o.id = a.organization_id
      where ${sql.join(conditions, sql` and `)}
      order by a.application_date, a.id
      limit ${page.limit} offset ${page.offset}`,
  );
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    instanceId: Number(row.instanceId),
    organizationId: Number(row.organizationId),
    version: Number(row.version),
    total: Number(row.total),
  }));
}

/** Members by id with status, name and citizen ID (for mentors and sponsors). */
export async function findMembersByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: member.id, name: member.name, status: member.status, citizenId: member.citizenId })
    .from(member)
    .where(inArray(member.id, [...ids]));
}

/**
 * The quota an approval at the organization at `path` draws on in `year`: the nearest quota of the
 * organization or an ancestor (总量控制). Undefined when none.
 */
export async function findApplicableQuota(db: Executor, path: string, year: number) {
  const rows = await queryRows<{
    id: number;
    amount: number;
    used: number;
    subAllotted: number;
    organizationId: number;
  }>(
    db,
    sql`select q.id, q.amount, q.used, q.sub_allotted as "subAllotted", q.organization_id as "organizationId"
      from admission_quota q join organization o on o.id = q.organization_id
      where q.year = ${year} and ${path} like o.path || '%'
      order by o.depth desc limit 1`,
  );
  const row = rows[0];
  return row && { ...row, id: Number(row.id), organizationId: Number(row.organizationId) };
}

/**
 * Takes one place of a quota: used + 1 only while used + sub_allotted < amount (the row lock orders
 * concurrent approvals; the CHECK constraint backs it). False when the quota is exhausted.
 */
export async function takeQuotaPlace(db: Executor, quotaId: number): Promise<boolean> {
  const rows = await db
    .update(admissionQuota)
    .set({ used: sql`${admissionQuota.used} + 1`, updatedAt: sql`now()` })
    .where(
      and(
        eq(admissionQuota.id, quotaId),
        sql`${admissionQuota.used} + ${admissionQuota.subAllotted} < ${admissionQuota.amount}`,
      ),
    )
    .returning({ id: admissionQuota.id });
  return rows.length === 1;
}

/** An applicable quota's figures (admission_quota). */
export interface ApprovalQuota {
  id: number;
  amount: number;
  used: number;
  subAllotted: number;
  organizationId: number;
}

/**
 * The organization at a path or one of its ancestors, with what approving an admission there in a
 * year reads of it: its quota and entered 青年人口 of that year (null when none).
 */
export interface ApprovalAncestor {
  id: number;
  path: string;
  kind: string;
  sector: string | null;
  depth: number;
  level: string;
  /** Short name, else the full name. */
  name: string;
  divisionCode: string | null;
  quota: ApprovalQuota | null;
  youthPopulation: number | null;
}

/**
 * Everything an approval at the organization at `path` reads of its ancestors, in one statement (by
 * the ancestors' paths, an index lookup each): the organization and every ancestor (nearest first,
 * i.e. depth descending) with its quota for `year` (admission_quota, unique per organization and
 * year), then their entered youth population for `year` (a second statement). The nearest quota ({@link nearestQuota}), the
 * county (level 'county', with its division code) and the school committee come from these rows.
 */
export async function findApprovalAncestors(
  db: Executor,
  path: string,
  year: number,
): Promise<ApprovalAncestor[]> {
  const rows = await queryRows<{
    id: number;
    path: string;
    kind: string;
    sector: string | null;
    depth: number;
    level: string;
    name: string;
    divisionCode: string | null;
    quotaId: number | null;
    amount: number | null;
    used: number | null;
    subAllotted: number | null;
    countyId: number;
  }>(
    db,
    sql`select o.id, o.path, o.kind, o.sector, o.depth, o.level, coalesce(o.short_name, o.name) as name,
        o.division_code as "divisionCode", q.id as "quotaId", q.amount, q.used,
        q.sub_allotted as "subAllotted", o.county_id as "countyId"
      from organization o
      left join admission_quota q on q.organization_id = o.id and q.year = ${year}
      where o.path = any(${`{${ancestorPathsOf(path).join(",")}}`}::text[])
      order by o.depth desc`,
  );
  // Their youth population apart (admission_quota is a coordinator table, youth_population distributed
  // by county on Citus: no join of the two), naming the ancestors' county buckets (one task each).
  const populations = new Map<number, number>();
  if (rows.length > 0) {
    const entered = await queryRows<{ organization_id: number; population: number }>(
      db,
      sql`select organization_id, population from youth_population
           where county_id = any(${intArray([...new Set(rows.map((row) => Number(row.countyId)))])})
             and organization_id = any(${intArray(rows.map((row) => Number(row.id)))}) and year = ${year}`,
    );
    for (const row of entered) populations.set(Number(row.organization_id), Number(row.population));
  }
  return rows.map((row) => ({
    id: Number(row.id),
    path: row.path,
    kind: row.kind,
    sector: row.sector,
    depth: Number(row.depth),
    level: row.level,
    name: row.name,
    divisionCode: row.divisionCode,
    quota:
      row.quotaId === null
        ? null
        : {
            id: Number(row.quotaId),
            amount: Number(row.amount),
            used: Number(row.used),
            subAllotted: Number(row.subAllotted),
            organizationId: Number(row.id),
          },
    youthPopulation: populations.get(Number(row.id)) ?? null,
  }));
}

/** The nearest quota among {@link findApprovalAncestors}' rows (the one an approval draws on); undefined when none. */
export function nearestQuota(ancestors: readonly ApprovalAncestor[]): ApprovalQuota | undefined {
  return ancestors.find((ancestor) => ancestor.quota !== null)?.quota ?? undefined;
}

/**
 * Issues a member number inside a quota and writes it on the application, in ONE statement: takes one
 * place of the quota (used + 1 only while used + sub_allotted < amount; the row lock orders
 * concurrent approvals), then — only if a place was taken — the county's next sequence of `year`
 * (INSERT … ON CONFLICT DO UPDATE), then sets the application's quota and number
 * (`year` + division code + the sequence left-padded to 6 digits, as domain formatMemberNumber; the
 * caller checks the two agree). Undefined when the quota is exhausted (nothing written).
 */
export async function issueNumberInQuota(
  db: Executor,
  values: {
    application: ApplicationKey;
    quotaId: number;
    countyOrganizationId: number;
    year: number;
    divisionCode: string;
  },
): Promise<{ sequence: number; memberNumber: string } | undefined> {
  // The quota and the sequence are the coordinator's tables; the application is in its county's shard
  // on Citus (a modifying CTE cannot write both): two statements in the caller's transaction.
  const issued = await queryRows<{ sequence: number }>(
    db,
    sql`with taken as (
        update admission_quota set used = used + 1, updated_at = now()
         where id = ${values.quotaId} and used + sub_allotted < amount
        returning id
      )
      insert into member_number_sequence (county_organization_id, year, last_sequence)
      select ${values.countyOrganizationId}, ${values.year}, 1 from taken
      on conflict (county_organization_id, year)
      do update set last_sequence = member_number_sequence.last_sequence + 1
      returning last_sequence as "sequence"`,
  );
  const sequence = issued[0]?.sequence;
  if (sequence === undefined) return undefined;
  const memberNumber = `${values.year}${values.divisionCode}${String(sequence).padStart(6, "0")}`;
  await db
    .update(developmentApplication)
    .set({ admissionQuotaId: values.quotaId, memberNumber })
    .where(
      and(
        eq(developmentApplication.countyId, values.application.countyId),
        eq(developmentApplication.id, values.application.id),
      ),
    );
  return { sequence: Number(sequence), memberNumber };
}

/**
 * When the signed 入团志愿书 of a member was uploaded (its application-form attachment that was not
 * returned), as "YYYY-MM-DD" in China; null when none. In the member's county (county_locator, one shard
 * on Citus; an attachment is its member's county's): by member_id alone the read asked every shard.
 */
export async function findSignedFormUploadedOn(db: Executor, memberId: number): Promise<string | null> {
  const countyId = await countyOfMember(db, memberId);
  const rows = await queryRows<{ uploadedOn: string }>(
    db,
    sql`select (uploaded_at at time zone 'Asia/Shanghai')::date::text as "uploadedOn"
      from member_attachment
      where county_id = ${countyId} and member_id = ${memberId} and kind = 'application_form' and verification <> 'returned'
      order by id desc limit 1`,
  );
  return rows[0]?.uploadedOn ?? null;
}

/** Links an account to the member record it now belongs to (app_user.member_id). */
export async function linkUserToMember(db: Executor, userId: number, memberId: number): Promise<void> {
  await db.update(appUser).set({ memberId }).where(eq(appUser.id, userId));
}

/** The nearest points scheme of the organization at `path` or an ancestor; undefined when none. */
export async function findApplicablePointsScheme(db: Executor, path: string) {
  const rows = await queryRows<{ organizationId: number; scheme: unknown }>(
    db,
    sql`select ps.organization_id as "organizationId", ps.scheme
      from points_scheme ps join organization o on o.id = ps.organization_id
      where ${path} like o.path || '%' order by o.depth desc limit 1`,
  );
  const row = rows[0];
  return row && { organizationId: Number(row.organizationId), scheme: row.scheme };
}

/** Stores an organization's own points scheme (replacing the previous one). */
export async function upsertPointsScheme(
  db: Executor,
  organizationId: number,
  scheme: unknown,
  updatedBy: number | null,
): Promise<void> {
  // The time as a value, not now(): Citus refuses a non-IMMUTABLE function in ON CONFLICT DO UPDATE SET
  // of a table in its metadata (points_scheme is a Citus local table, migration 0030).
  const updatedAt = new Date();
  await db.insert(pointsScheme).values({ organizationId, scheme, updatedBy, updatedAt }).onConflictDoUpdate({
    target: pointsScheme.organizationId,
    set: { scheme, updatedBy, updatedAt },
  });
}

/**
 * Each application's units per prerequisite source: hours, sessions and activities summed (volunteer
 * hours only within `year`), grades as their best.
 */
export async function sumPrerequisites(
  db: Executor,
  applicationIds: readonly number[],
  year: number,
  countyId?: number,
): Promise<Map<number, Record<string, number>>> {
  const result = new Map<number, Record<string, number>>();
  if (applicationIds.length === 0) return result;
  const rows = await queryRows<{ applicationId: number; item: string; units: number }>(
    db,
    sql`select application_id as "applicationId", item,
        case when item like '%_grade' then max(units)
          when item = 'volunteer_hours_in_year'
            then coalesce(sum(units) filter (where extract(year from occurred_on) = ${year}), 0)
          else sum(units) end as units
      from applicant_prerequisite_record
      where ${countyId === undefined ? sql`true` : sql`county_id = ${countyId}`}
        and application_id = any(${`{${applicationIds.join(",")}}`}::bigint[])
      group by application_id, item`,
  );
  for (const row of rows) {
    const id = Number(row.applicationId);
    const record = result.get(id) ?? {};
    record[row.item] = Number(row.units);
    result.set(id, record);
  }
  return result;
}

/**
 * Records one prerequisite fact of an applicant (in the application's county: given, or read by the
 * application's id); returns its id.
 */
export async function insertPrerequisiteRecord(
  db: Executor,
  values: Omit<typeof applicantPrerequisiteRecord.$inferInsert, "id" | "recordedAt">,
): Promise<number> {
  const countyId =
    values.countyId ?? (await countyOfWorkflowRecord(db, "development_application", values.applicationId));
  const [row] = await db
    .insert(applicantPrerequisiteRecord)
    .values({ ...values, countyId })
    .returning({ id: applicantPrerequisiteRecord.id });
  if (!row) throw new Error("prerequisite record not inserted");
  return row.id;
}

/** An applicant's prerequisite records, newest first (read in the application's county). */
export async function findPrerequisiteRecords(db: Executor, application: ApplicationKey) {
  return db
    .select()
    .from(applicantPrerequisiteRecord)
    .where(
      and(
        eq(applicantPrerequisiteRecord.countyId, application.countyId),
        eq(applicantPrerequisiteRecord.applicationId, application.id),
      ),
    )
    .orderBy(sql`${applicantPrerequisiteRecord.occurredOn} desc, ${applicantPrerequisiteRecord.id} desc`);
}
