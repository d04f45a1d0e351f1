import { inArray, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { bigintArray, intArray } from "../lib/sql-arrays";
import type { Executor } from "./database";
import { countyLocator } from "./schema";
import { queryRows } from "./sql-result";

/**
 * The county an organization's rows belong to (organization.county_id, migration 0030): the
 * distribution column of the member family on Citus (docs/SCALING.md "What runs on Citus now"). A
 * write to a distributed table names it so that Citus routes it to the county's shard; PostgreSQL and
 * PGlite fill it by trigger and only check it. 0 for an unknown organization (the insert's foreign key
 * or trigger then refuses the row).
 */
export async function countyOfOrganization(db: Executor, organizationId: number): Promise<number> {
  const rows = await queryRows<{ county_id: number }>(
    db,
    sql`select county_id from organization where id = ${organizationId}`,
  );
  return Number(rows[0]?.county_id ?? 0);
}

/**
 * The bucket every holder ABOVE the county keeps its counter rows in (issue 19 part 5; migration
 * 0057_above_county_bucket; docs/SCALING.md "Figures above the county"): the counters, organization counts,
 * 应录入数 sums and month-end snapshots of a city, a province and the national committee all lie at
 * `county_id` = -1, so that a province's or a city's own figures (and a province's cities') are one task on
 * Citus. -1, not 0: 0 means "fill me" to the county triggers of migration 0030; no organization has id -1.
 */
export const ABOVE_COUNTY_BUCKET = -1;

/**
 * The bucket of a holder's counter rows (member_count, organization_count, organization_reported_count and
 * the snapshots): {@link ABOVE_COUNTY_BUCKET} for an organization that is its own county bucket without being
 * a county (a city, a province, the national committee), else its organization.county_id. The same rule as
 * {@link counterBucketSql} and the SQL of migration 0057_above_county_bucket.
 */
export function counterBucketOf(organization: { id: number; level: string; countyId: number }): number {
  return organization.countyId === organization.id && organization.level !== "county"
    ? ABOVE_COUNTY_BUCKET
    : organization.countyId;
}

/** {@link counterBucketOf} of the organization row `alias` (its id, level and county_id), in SQL. */
export function counterBucketSql(alias: string): SQL {
  const o = sql.raw(alias);
  return sql`(case when ${o}.county_id = ${o}.id and ${o}.level <> 'county' then ${sql.raw(String(ABOVE_COUNTY_BUCKET))} else ${o}.county_id end)`;
}

/** The counter bucket of an organization by id ({@link counterBucketOf}; 0 for an unknown organization). */
export async function counterBucketOfOrganization(db: Executor, organizationId: number): Promise<number> {
  const rows = await queryRows<{ bucket: number }>(
    db,
    sql`select ${counterBucketSql("o")} as bucket from organization o where o.id = ${organizationId}`,
  );
  return Number(rows[0]?.bucket ?? 0);
}

/**
 * The member-family tables whose rows have an id of their own and are looked up by it: the requests, and
 * the archive's attachments (a download or a decision names only the attachment's id; migration
 * 0052_users_reference).
 */
export type MemberRecordTable = "member_status_request" | "member_correction_request" | "member_attachment";

/** The organizational-life rows looked up by id (migration 0053_meeting_county): meetings and their photos. */
export type MeetingRecordTable = "meeting" | "meeting_photo";

/**
 * The Youth Home family's rows looked up by id (migration 0054_youth_home_distribution): homes, activities,
 * volunteer shifts and records (a sign-up, a photo and a service month are reached through their activity or
 * home, whose id the request names).
 */
export type YouthHomeRecordTable = "youth_home" | "activity" | "volunteer_shift" | "volunteer_record";

/**
 * The rows of other distributed families opened by their id alone (a URL names only the id; migration
 * 0059_record_locator, docs/SCALING.md "Not yet distributed" item 5): a branch's education review, a star
 * rating, a Party recommendation, a ledger plan and task, a term and a survey. Each written to
 * county_locator by the insert that creates it, in the same transaction.
 */
export type LocatedRecordTable =
  | "branch_education_review"
  | "star_rating"
  | "party_recommendation"
  | "plan"
  | "plan_task"
  | "organization_term"
  | "survey";

/** {@link LocatedRecordTable} as a set, to tell them among the tables {@link countyOfRecord} reads. */
const LOCATED_RECORD_TABLES: ReadonlySet<string> = new Set<LocatedRecordTable>([
  "branch_education_review",
  "star_rating",
  "party_recommendation",
  "plan",
  "plan_task",
  "organization_term",
  "survey",
]);

/**
 * The kinds of row county_locator holds by their id: members, the requests about them and their
 * attachments, meetings and their photos, the Youth Home family's homes, activities, shifts and records,
 * report-and-review sessions (migration 0055_review_session_county) and the records of
 * {@link LocatedRecordTable}. (A scoring link is located by its token's hash: {@link locateReviewLinks}.)
 */
export type LocatedKind =
  | "member"
  | MemberRecordTable
  | MeetingRecordTable
  | YouthHomeRecordTable
  | "review_session"
  | LocatedRecordTable;

/** A row to locate: its id in the table of its kind and its county. */
export interface CountyLocation {
  id: number;
  countyId: number;
}

/**
 * Records where new rows of `kind` live (county_locator, migration `county_locator`), 1,000 per
 * statement, in the caller's transaction (the one that inserts the rows: a failed write leaves no
 * location behind). Called by every repository function that inserts members or requests; on
 * PostgreSQL and PGlite triggers then carry a location along when its member changes county and drop
 * it with the row. An id located twice is refused by county_locator_pkey (a bug, not a user error).
 */
export async function locateInCounty(
  db: Executor,
  kind: LocatedKind,
  rows: readonly CountyLocation[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += 1_000) {
    await db
      .insert(countyLocator)
      .values(rows.slice(start, start + 1_000).map((row) => ({ kind, id: row.id, countyId: row.countyId })));
  }
}

/**
 * The counties of rows of `kind` by id (ids that do not exist are absent). One read of county_locator
 * by its key — on Citus one shard for one id (`id = $1`), the shards holding the ids for several —
 * then, only for ids without a location (rows written around the repositories, e.g. a bulk COPY, or
 * no such row), one read of the table itself by id, which on Citus asks every shard.
 */
export async function countiesOfRows(
  db: Executor,
  kind: LocatedKind,
  ids: readonly number[],
): Promise<Map<number, number>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const byId = unique.length === 1 ? sql`id = ${unique[0]}` : sql`id = any(${bigintArray(unique)})`;
  const located = await queryRows<{ id: number | string; county_id: number }>(
    db,
    sql`select id, county_id from county_locator where ${byId} and kind = ${kind}`,
  );
  const counties = new Map(located.map((row) => [Number(row.id), Number(row.county_id)]));
  const missing = unique.filter((id) => !counties.has(id));
  if (missing.length === 0) return counties;
  const byMissingId = missing.length === 1 ? sql`id = ${missing[0]}` : sql`id = any(${bigintArray(missing)})`;
  const direct = await queryRows<{ id: number | string; county_id: number }>(
    db,
    sql`select id, county_id from ${sql.identifier(kind)} where ${byMissingId}`,
  );
  for (const row of direct) counties.set(Number(row.id), Number(row.county_id));
  return counties;
}

/**
 * The counties of rows of `kind` by id ({@link countiesOfRows}) as a condition on `countyColumn`: `= c` for
 * one county, `in (…)` for several — so a read of those rows by id with it asks, on Citus, only the shards
 * holding their counties (by id alone it would ask every shard). Null when none of the ids exists (the
 * caller answers nothing without a read).
 */
export async function inCountiesOfRows(
  db: Executor,
  kind: LocatedKind,
  ids: readonly number[],
  countyColumn: PgColumn,
): Promise<SQL | null> {
  const counties = [...new Set((await countiesOfRows(db, kind, ids)).values())];
  if (counties.length === 0) return null;
  return counties.length === 1 ? sql`${countyColumn} = ${counties[0]}` : inArray(countyColumn, counties);
}

/**
 * The county of a member (0 when there is no such member): {@link countiesOfRows}, one single-shard
 * read of county_locator on Citus.
 */
export async function countyOfMember(db: Executor, memberId: number): Promise<number> {
  return (await countiesOfRows(db, "member", [memberId])).get(memberId) ?? 0;
}

/**
 * The county of a workflow instance (workflow_instance.county_id, migration 0039_workflow_county; 0 when
 * there is no such instance): one read without a lock (on Citus of every shard), so that the lock and the
 * writes of a step that follow name the county and each is a single-shard statement.
 */
export async function countyOfWorkflowInstance(db: Executor, instanceId: number): Promise<number> {
  const rows = await queryRows<{ county_id: number }>(
    db,
    sql`select county_id from workflow_instance where id = ${instanceId}`,
  );
  return Number(rows[0]?.county_id ?? 0);
}

/**
 * The workflows' own tables whose rows are looked up by id (migration 0039_workflow_county), and the
 * reviews, recommendations and ratings approved on the engine (migration 0044_review_rating_county).
 */
export type WorkflowRecordTable =
  | "development_application"
  | "member_transfer"
  | "member_flow"
  | "branch_education_review"
  | "party_recommendation"
  | "star_rating";

/**
 * The county of one row by its id (0 when there is no such row) in a table whose rows carry the county of
 * the organization they sit at — a workflow's own table (0039), a term, deputy or liaison table
 * (0042_cadre_county), a ledger table (0045_ledger_county): without a lock, after which the lock, the reads
 * and the writes name the county and each is a single-shard statement. A table of
 * {@link LocatedRecordTable} (migration 0059_record_locator) is read in county_locator
 * ({@link countiesOfRows}: one shard on Citus); the others by their own id index (on Citus every shard:
 * the URL names only the id).
 */
export async function countyOfRecord(
  db: Executor,
  table: WorkflowRecordTable | CadreRecordTable | LedgerRecordTable,
  id: number,
): Promise<number> {
  if (LOCATED_RECORD_TABLES.has(table)) {
    return (await countiesOfRows(db, table as LocatedRecordTable, [id])).get(id) ?? 0;
  }
  const rows = await queryRows<{ county_id: number }>(
    db,
    sql`select county_id from ${sql.identifier(table)} where id = ${id}`,
  );
  return Number(rows[0]?.county_id ?? 0);
}

/** {@link countyOfRecord} of a workflow's own table. */
export const countyOfWorkflowRecord: (
  db: Executor,
  table: WorkflowRecordTable,
  id: number,
) => Promise<number> = countyOfRecord;

/**
 * The tables of terms, deputies and liaison placed at an organization (migration 0042_cadre_county: their
 * county_id is the organization's county bucket; on Citus distributed by it, co-located with member), and
 * the cadre records (migration 0051_cadre_distribution, the same rule).
 */
export type CadreRecordTable =
  | "cadre"
  | "organization_term"
  | "deputy"
  | "liaison_station"
  | "liaison_assignment"
  | "contact_log";

/** {@link countyOfRecord} of a term, deputy or liaison table. */
export const countyOfCadreRecord: (db: Executor, table: CadreRecordTable, id: number) => Promise<number> =
  countyOfRecord;

/** The ledger's tables whose rows are looked up by id (migration 0045_ledger_county). */
export type LedgerRecordTable =
  | "plan"
  | "plan_task"
  | "plan_target"
  | "plan_unit"
  | "plan_close_out"
  | "plan_attachment";

/** {@link countyOfRecord} of a ledger table (on Citus by the `(id)` index 0045_ledger_county adds there). */
export const countyOfLedgerRecord: (db: Executor, table: LedgerRecordTable, id: number) => Promise<number> =
  countyOfRecord;

/**
 * The counties of rows of the reform ledger by id (ids that do not exist are absent), e.g. the tasks one
 * evaluation scores, which may lie in several counties: plans and tasks from county_locator ({@link countiesOfRows},
 * migration 0059_record_locator: the shards holding the ids on Citus), other tables by one read by id (on
 * Citus of every shard).
 */
export async function countiesOfLedgerRecords(
  db: Executor,
  table: LedgerRecordTable,
  ids: readonly number[],
): Promise<Map<number, number>> {
  if (table === "plan_task" || table === "plan") return countiesOfRows(db, table, ids);
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await queryRows<{ id: number | string; county_id: number }>(
    db,
    sql`select id, county_id from ${sql.identifier(table)} where id = any(${bigintArray(unique)})`,
  );
  return new Map(rows.map((row) => [Number(row.id), Number(row.county_id)]));
}

/** The counties of members, by member id (absent: no such member); see {@link countiesOfRows}. */
export async function countiesOfMembers(
  db: Executor,
  memberIds: readonly number[],
): Promise<Map<number, number>> {
  return countiesOfRows(db, "member", memberIds);
}

/**
 * The county bucket a whole subtree lies in, or null when it spans several (a city, province or the
 * national committee: their counties are buckets of their own). A query over such a subtree adds
 * `county_id = <this>` on the distributed tables, which makes it a single-shard (router) query on Citus
 * and is a no-op filter elsewhere.
 */
export async function countyScopeOfPath(db: Executor, rootPath: string): Promise<number | null> {
  const rows = await queryRows<{ county: number | null }>(
    db,
    sql`select case when level = 'county' or county_id <> id then county_id end as county
          from organization where path = ${rootPath}`,
  );
  const county = rows[0]?.county;
  return county === null || county === undefined ? null : Number(county);
}

/** {@link countyScopeOfPath} of an organization row already read. */
export function countyScopeOf(organization: { id: number; level: string; countyId: number }): number | null {
  return organization.level === "county" || organization.countyId !== organization.id
    ? organization.countyId
    : null;
}

/**
 * The county of one located row by its id (0 when there is no such row): {@link countiesOfRows}, without a
 * lock — one shard of county_locator on Citus (a location written after its row's commit: until then the
 * table read of every shard) — so that the lock, the reads and the writes that follow name the county and
 * each is a single-shard statement. The kinds: a member's requests and attachments, meetings and photos
 * (0053_meeting_county), the Youth Home family's homes, activities, shifts and records
 * (0054_youth_home_distribution), report-and-review sessions (0055_review_session_county).
 */
export async function countyOfLocatedRow(db: Executor, kind: LocatedKind, id: number): Promise<number> {
  return (await countiesOfRows(db, kind, [id])).get(id) ?? 0;
}

/**
 * The county_locator id of a 述职评议 scoring link (kind `review_link`, migration 0055_review_session_county):
 * the first 64 bits of its token's sha256 (hex) as a signed bigint, in decimal — the SQL
 * `('x' || substr(token_hash, 1, 16))::bit(64)::bigint`. The phone's request names only the token.
 */
export function reviewLinkLocatorId(tokenHash: string): string {
  return BigInt.asIntN(64, BigInt(`0x${tokenHash.slice(0, 16)}`)).toString();
}

/**
 * Records the counties of new scoring links by their token hashes, in the transaction that inserts them. Two
 * hashes sharing their first 64 bits (about one in 10^12 among a million links) keep the first location: the
 * second link is then found by {@link countyOfReviewLink}'s fallback, never in the wrong county.
 */
export async function locateReviewLinks(
  db: Executor,
  links: readonly { tokenHash: string; countyId: number }[],
): Promise<void> {
  for (let start = 0; start < links.length; start += 1_000) {
    const values = links
      .slice(start, start + 1_000)
      .map(
        (link) => sql`('review_link', ${reviewLinkLocatorId(link.tokenHash)}::bigint, ${link.countyId}::int)`,
      );
    await db.execute(
      sql`insert into county_locator (kind, id, county_id) values ${sql.join(values, sql`, `)} on conflict do nothing`,
    );
  }
}

/**
 * The county where the scoring link of `tokenHash` is to be read first (county_locator by the hash: one shard
 * on Citus), or null when no location names it. The caller reads the link by (county, hash) and, not finding
 * it there (a location shared by two hashes, or none), by the hash on every shard.
 */
export async function countyOfReviewLink(db: Executor, tokenHash: string): Promise<number | null> {
  const rows = await queryRows<{ county_id: number }>(
    db,
    sql`select county_id from county_locator
         where id = ${reviewLinkLocatorId(tokenHash)}::bigint and kind = 'review_link'`,
  );
  return rows[0] === undefined ? null : Number(rows[0].county_id);
}

/**
 * The county buckets that hold the organizational-life tallies of `organizationIds` (org_life_count and
 * org_life_own, migration 0056_org_life_tally_county: each row in its holder's bucket, distributed by it on
 * Citus): the distinct `org_life_holder_bucket` of those organizations — the one SQL expression every
 * writer and reader of the tallies uses (today organization.county_id; a city, province or the national
 * committee its own). One read of the tree (a reference table on Citus: local on the coordinator), so that
 * the tallies' read names the buckets as a value: `county_id = any(…)` of one bucket is one shard.
 */
export async function orgLifeHolderBuckets(
  db: Executor,
  organizationIds: readonly number[],
): Promise<number[]> {
  if (organizationIds.length === 0) return [];
  const rows = await queryRows<{ bucket: number }>(
    db,
    sql`select distinct org_life_holder_bucket(o.id, o.county_id, o.level) as bucket
          from organization o where o.id = any(${intArray(organizationIds)})`,
  );
  return rows.map((row) => Number(row.bucket));
}
