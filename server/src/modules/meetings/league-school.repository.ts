import { sql } from "drizzle-orm";
import { countyScopeOfPath } from "../../db/county";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { inSubtree } from "../../lib/tree-sql";

/** A middle school of a subtree with its League-school sessions (中学团校) of a year. */
export interface LeagueSchoolRow {
  organizationId: number;
  name: string;
  parentName: string | null;
  sessions: number;
  lastHeldOn: string | null;
}

/**
 * The middle schools (中学) in the subtree at `rootPath`, by path, with the count of
 * league_school_session meetings held from `from` to `through` (inclusive) by any branch of the
 * school's subtree. A middle school is the top League organization of a school: sector
 * 'secondary_school', not a working committee (教育团工委), and whose parent is not itself such a
 * school organization (a grade's 团总支 or a class branch belongs to its school). Two statements, never
 * the tree outer-joined to the distributed meetings per organization (Citus, migration 0053_meeting_county):
 * the sessions per organization of the subtree (by meeting_organization_held_idx, naming the subtree's
 * county when it lies in one), then the schools by the organization_path index with those counts given
 * as a value.
 */
export async function findLeagueSchoolSessions(
  db: Executor,
  rootPath: string,
  from: string,
  through: string,
): Promise<LeagueSchoolRow[]> {
  const county = await countyScopeOfPath(db, rootPath);
  const held = await queryRows<{ organization_id: number; sessions: number; last_held_on: string }>(
    db,
    sql`select m.organization_id, count(*)::int as sessions, max(m.held_on)::text as last_held_on
          from meeting m join organization o on o.id = m.organization_id
         where ${inSubtree(sql`o.path`, rootPath)} ${county === null ? sql`` : sql`and m.county_id = ${county}`}
           and m.kind = 'league_school_session' and m.held_on >= ${from}::date and m.held_on <= ${through}::date
         group by m.organization_id`,
  );
  const rows = await queryRows<{
    id: number;
    name: string;
    parent_name: string | null;
    sessions: number;
    last_held_on: string | null;
  }>(
    db,
    sql`with schools as (
        select o.id, o.path, coalesce(o.short_name, o.name) as name, coalesce(p.short_name, p.name) as parent_name
          from organization o
          left join organization p on p.id = o.parent_id
         where ${inSubtree(sql`o.path`, rootPath)}
           and o.sector = 'secondary_school' and o.kind <> 'working_committee'
           and not (p.sector is not distinct from 'secondary_school' and p.kind <> 'working_committee')
      )
      select s.id, s.name, s.parent_name,
             coalesce(sum(m.sessions), 0)::int as sessions, max(m.last_held_on)::text as last_held_on
        from schools s
        left join organization b on ${inSubtree(sql`b.path`, sql`s.path`)}
        left join jsonb_to_recordset(${JSON.stringify(held)}::jsonb) as m (organization_id int, sessions int, last_held_on date)
          on m.organization_id = b.id
       group by s.id, s.path, s.name, s.parent_name
       order by s.path`,
  );
  return rows.map((row) => ({
    organizationId: Number(row.id),
    name: row.name,
    parentName: row.parent_name,
    sessions: Number(row.sessions),
    lastHeldOn: row.last_held_on,
  }));
}
