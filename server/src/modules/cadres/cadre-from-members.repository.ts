import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { bigintArray, intArray } from "../../lib/sql-arrays";
import { inSubtree } from "../../lib/tree-sql";
import { cadreRowsForUpkeep, cadreUpkeep } from "./cadre-upkeep.repository";

/**
 * Cadre records from the member records' cadre fields (is_cadre, league_position, cadre_kind,
 * position_since — issue 13 part 1: "the cadre fields on member records become views of these
 * records; migrate the demo's"). One statement: every current member of the subtree at `rootPath`
 * marked a cadre with a League post and no open cadre record yet becomes an open post at their branch —
 * post from league_position (secretary, deputy_secretary, organization_member → organizer,
 * publicity_member → publicity, other committee posts → committee_member, other → other), kind from
 * cadre_kind (part-time when unset), Party membership from the political status, started on
 * position_since (else the join date), from the grassroots when the branch is at the grassroots level.
 * At most one holder per single post (secretary, deputy, organizer, publicity) per organization: the
 * earliest started. Idempotent (a member with an open record is skipped). Returns how many were made.
 * Three statements, each reading one distributed family (issue 19; on Citus member and cadre are
 * distributed by county, a member's cadre records may sit in other counties, and a correlated read from
 * one into the other is not planned): the marked members of the subtree, the open cadre records of those
 * members and organizations, then the insert computed from those two as parameters; on Citus the
 * inserted rows go to {@link cadreUpkeep} (the triggers' work elsewhere).
 */
export async function insertCadresFromMembers(db: Executor, rootPath: string): Promise<number> {
  const marked = await queryRows<Record<string, unknown>>(
    db,
    sql`select m.id as member_id, m.organization_id, o.county_id, m.name, m.sex, m.birth_date::text as birth_date, m.phone, m.education,
               m.political_status in ('party_member', 'probationary_party_member') as party_member,
               case m.league_position
                 when 'secretary' then 'secretary'
                 when 'deputy_secretary' then 'deputy_secretary'
                 when 'organization_member' then 'organizer'
                 when 'publicity_member' then 'publicity'
                 when 'other' then 'other'
                 else 'committee_member' end as post,
               case when m.cadre_kind in ('full_time', 'part_time', 'seconded') then m.cadre_kind
                 else 'part_time' end as kind,
               greatest(coalesce(m.position_since, m.joined_on), m.birth_date + 1)::text as started_on,
               o.level = 'grassroots' as from_grassroots
          from member m
          join organization o on o.id = m.organization_id
         where ${inSubtree(sql`o.path`, rootPath)}
           and m.is_cadre and m.league_position is not null
           and m.status in ('active', 'transferring', 'flowing')`,
  );
  if (marked.length === 0) return 0;
  const memberIds = marked.map((row) => Number(row.member_id));
  const organizationIds = [...new Set(marked.map((row) => Number(row.organization_id)))];
  // The open cadre records of those members (anywhere) and of those organizations, read on their own.
  const open = await queryRows<Record<string, unknown>>(
    db,
    sql`select c.member_id, c.organization_id, c.post from cadre c
         where c.ended_on is null
           and (c.member_id = any(${bigintArray(memberIds)}) or c.organization_id = any(${intArray(organizationIds)}))`,
  );
  const inserted = await queryRows<{ id: number | string; county_id: number }>(
    db,
    sql`with marked as (
        select * from jsonb_to_recordset(${JSON.stringify(marked)}::jsonb) as r (member_id bigint,
          organization_id int, county_id int, name text, sex text, birth_date date, phone text, education text,
          party_member boolean, post text, kind text, started_on date, from_grassroots boolean)),
      open as (
        select * from jsonb_to_recordset(${JSON.stringify(open)}::jsonb)
          as r (member_id bigint, organization_id int, post text)),
      candidates as (
        select marked.* from marked
         where not exists (select 1 from open c where c.member_id = marked.member_id)),
      ranked as (
        select candidates.*,
               row_number() over (partition by organization_id, post order by started_on, member_id) as rank
          from candidates)
      insert into cadre (organization_id, county_id, member_id, name, gender, birth_date, phone, post, kind,
                         source_channel, from_grassroots, party_member, education, started_on)
      select r.organization_id, r.county_id, r.member_id, r.name, r.sex, r.birth_date, r.phone, r.post, r.kind,
             'other', r.from_grassroots, r.party_member, r.education, r.started_on
        from ranked r
       where (r.rank = 1 or r.post in ('committee_member', 'other'))
         and not exists (select 1 from open c where c.organization_id = r.organization_id
                          and c.post = r.post
                          and r.post in ('secretary', 'deputy_secretary', 'organizer', 'publicity'))
      returning id, county_id`,
  );
  if (inserted.length > 0) {
    await cadreUpkeep(
      db,
      [],
      await cadreRowsForUpkeep(
        db,
        sql`c.county_id = any(${intArray([...new Set(inserted.map((row) => Number(row.county_id)))])})
            and c.id = any(${bigintArray(inserted.map((row) => Number(row.id)))})`,
      ),
    );
  }
  return inserted.length;
}
