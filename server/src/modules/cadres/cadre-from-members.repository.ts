import { sql } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { inSubtree } from "../../lib/tree-sql";

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
 * The marked members are read first on their own (`marked`, materialized): on Citus the member family
 * is distributed and cadre a coordinator table, which one join cannot combine; Citus plans the
 * materialized part as its own (subtree-routed) query and the rest on the coordinator (issue 19).
 */
export async function insertCadresFromMembers(db: Executor, rootPath: string): Promise<number> {
  const rows = await queryRows<{ count: number }>(
    db,
    sql`with marked as materialized (
        select m.id as member_id, m.organization_id, m.name, m.sex, m.birth_date, m.phone, m.education,
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
               greatest(coalesce(m.position_since, m.joined_on), m.birth_date + 1) as started_on,
               o.level = 'grassroots' as from_grassroots
          from member m
          join organization o on o.id = m.organization_id
         where ${inSubtree(sql`o.path`, rootPath)}
           and m.is_cadre and m.league_position is not null
           and m.status in ('active', 'transferring', 'flowing')),
      candidates as (
        select marked.* from marked
         where not exists (select 1 from cadre c where c.member_id = marked.member_id and c.ended_on is null)),
      ranked as (
        select candidates.*,
               row_number() over (partition by organization_id, post order by started_on, member_id) as rank
          from candidates),
      inserted as (
        insert into cadre (organization_id, member_id, name, gender, birth_date, phone, post, kind,
                           source_channel, from_grassroots, party_member, education, started_on)
        select r.organization_id, r.member_id, r.name, r.sex, r.birth_date, r.phone, r.post, r.kind,
               'other', r.from_grassroots, r.party_member, r.education, r.started_on
          from ranked r
         where (r.rank = 1 or r.post in ('committee_member', 'other'))
           and not exists (select 1 from cadre c where c.organization_id = r.organization_id
                            and c.post = r.post and c.ended_on is null
                            and r.post in ('secretary', 'deputy_secretary', 'organizer', 'publicity'))
        returning 1)
      select count(*)::int as count from inserted`,
  );
  return Number(rows[0]?.count ?? 0);
}
