import { and, asc, desc, eq, like, sql } from "drizzle-orm";
import { locateInCounty } from "../../db/county";
import type { Executor } from "../../db/database";
import { organization, organizationTerm } from "../../db/schema";

/**
 * The county of the terms a read is about: the constant `countyId` when the read names one county (then
 * every table of the statement, subqueries included, is filtered by the same value of the distribution
 * column and Citus routes the whole statement to one shard — correlated on the column alone it was planned
 * over every shard), else the outer term's column (a subtree above the county: every shard).
 */
function countyOf(countyId: number | null) {
  return countyId === null ? sql`${organizationTerm.countyId}` : sql`${countyId}::int`;
}

/**
 * A later term of the same organization and body exists (the election that followed was recorded). It is in
 * the term's county (one organization).
 */
function laterTerm(countyId: number | null) {
  return sql`select 1 from organization_term later_term where later_term.county_id = ${countyOf(countyId)} and later_term.organization_id = ${organizationTerm.organizationId} and later_term.body = ${organizationTerm.body} and later_term.starts_on > ${organizationTerm.startsOn}`;
}

/**
 * The term's roster: its deputy rows of the matching body (congress → congress_deputy, committee →
 * committee_member, standing_committee → standing_member; domain ROSTER_BODY_OF_TERM). A deputy sits at its
 * term's organization, so in its county (on Citus the key (county_id, term_id), migration 0042_cadre_county).
 */
function roster(countyId: number | null) {
  return sql`from deputy roster where roster.county_id = ${countyOf(countyId)} and roster.term_id = ${organizationTerm.id} and roster.body = case ${organizationTerm.body} when 'congress' then 'congress_deputy' when 'committee' then 'committee_member' else 'standing_member' end`;
}

/** A term's columns, its later-term flag and roster counts read in `countyId` (null: the term's own county). */
function termColumns(countyId: number | null) {
  return {
    id: organizationTerm.id,
    organizationId: organizationTerm.organizationId,
    organizationName: organization.name,
    body: organizationTerm.body,
    startsOn: organizationTerm.startsOn,
    endsOn: organizationTerm.endsOn,
    electedOn: organizationTerm.electedOn,
    seats: organizationTerm.seats,
    grassrootsSeats: organizationTerm.grassrootsSeats,
    electionInstanceId: organizationTerm.electionInstanceId,
    succeeded: sql<boolean>`exists (${laterTerm(countyId)})`,
    /** Deputy rows of the term's roster. */
    rosterSeats: sql<number>`(select count(*)::int ${roster(countyId)})`,
    /** Of them, from the grassroots or the front line (domain isGrassrootsOrFrontLine). */
    rosterGrassrootsSeats: sql<number>`(select count(*)::int ${roster(countyId)} and (roster.grassroots or roster.front_line))`,
  };
}

/** A term row with its organization's name and whether a later term of its body exists. */
export type TermRow = Awaited<ReturnType<typeof findTerms>>[number];

/** An organization's terms, latest first; `countyId` its county bucket (one shard on Citus). */
export async function findTerms(db: Executor, organizationId: number, countyId: number) {
  return db
    .select(termColumns(countyId))
    .from(organizationTerm)
    .innerJoin(organization, eq(organization.id, organizationTerm.organizationId))
    .where(and(eq(organizationTerm.countyId, countyId), eq(organizationTerm.organizationId, organizationId)))
    .orderBy(asc(organizationTerm.body), desc(organizationTerm.startsOn));
}

/** One term of the county `countyId` (db/county.ts countyOfCadreRecord): a single-shard read on Citus. */
export async function findTerm(db: Executor, id: number, countyId: number): Promise<TermRow | undefined> {
  const rows = await db
    .select(termColumns(countyId))
    .from(organizationTerm)
    .innerJoin(organization, eq(organization.id, organizationTerm.organizationId))
    .where(and(eq(organizationTerm.countyId, countyId), eq(organizationTerm.id, id)));
  return rows[0];
}

/**
 * Locks one term of the county `countyId` for update, alone: on Citus a row lock is taken only by a
 * single-shard statement, which the term's subqueries (its roster and later terms) would not leave it.
 * Read it with {@link findTerm} after.
 */
export async function lockTerm(db: Executor, id: number, countyId: number): Promise<void> {
  await db
    .select({ id: organizationTerm.id })
    .from(organizationTerm)
    .where(and(eq(organizationTerm.countyId, countyId), eq(organizationTerm.id, id)))
    .for("update");
}

/**
 * The latest term of each organization and body in a subtree that ends on or before `until` and has
 * no later term (its election 换届 not yet recorded), soonest first; at most 1,000. `countyScope`: the
 * bucket the subtree lies in (db/county.ts countyScopeOfPath), named so that a county's list is one shard
 * on Citus; null above the county (every shard).
 */
export async function findExpiringTerms(
  db: Executor,
  path: string,
  until: string,
  countyScope: number | null,
) {
  return db
    .select(termColumns(countyScope))
    .from(organizationTerm)
    .innerJoin(organization, eq(organization.id, organizationTerm.organizationId))
    .where(
      and(
        countyScope === null ? undefined : eq(organizationTerm.countyId, countyScope),
        like(organization.path, `${path}%`),
        sql`${organizationTerm.endsOn} <= ${until}`,
        sql`not exists (${laterTerm(countyScope)})`,
      ),
    )
    .orderBy(asc(organizationTerm.endsOn), asc(organization.path))
    .limit(1000);
}

/**
 * Inserts a term and locates it (county_locator, migration 0059_record_locator: a term by its id is one
 * shard's read on Citus); returns its id. `countyId`: its organization's county bucket (the row is routed
 * by it on Citus).
 */
export async function insertTerm(
  db: Executor,
  values: typeof organizationTerm.$inferInsert & { countyId: number },
) {
  const [row] = await db
    .insert(organizationTerm)
    .values(values)
    .returning({ id: organizationTerm.id, countyId: organizationTerm.countyId });
  if (!row) throw new Error("term insert returned nothing");
  await locateInCounty(db, "organization_term", [row]);
  return row.id;
}

/** Locks an organization's terms of one body (serializes elections and new terms of it). */
export async function lockOrganizationRow(db: Executor, organizationId: number) {
  await db
    .select({ id: organization.id })
    .from(organization)
    .where(eq(organization.id, organizationId))
    .for("update");
}
