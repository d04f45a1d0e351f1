import { type CadreKindCode, type CadrePost, memberCadreFieldsOf } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Executor } from "../db/database";
import { queryRows } from "../db/sql-result";
import { cadreRowsForUpkeep, cadreUpkeep } from "../modules/cadres/cadre-upkeep.repository";

/**
 * Cadre records for tests (团干部, issue 13 part 1). A member's cadre fields (is_cadre, league_position,
 * cadre_kind, position_since) are views of these records, kept by the trigger of migration 0018: a
 * test that needs a member shown as a cadre appoints them here instead of writing the member.
 */

/** What {@link appointCadre} records; defaults: 书记, 兼职, at the member's branch, from their join date. */
export interface AppointCadreOptions {
  post?: CadrePost;
  kind?: CadreKindCode;
  startedOn?: string;
  organizationId?: number;
}

/**
 * Inserts an open cadre record for member `memberId` (name, sex, birth date, phone and education
 * taken from the member) and returns its id. Written straight to the table: no access check, no audit.
 */
export async function appointCadre(
  db: Executor,
  memberId: number,
  options: AppointCadreOptions = {},
): Promise<number> {
  const [row] = await queryRows<{ id: number; county_id: number }>(
    db,
    sql`insert into cadre (organization_id, county_id, member_id, name, gender, birth_date, phone, post, kind,
                           education, started_on)
        select o.id, o.county_id, m.id, m.name, m.sex,
               m.birth_date, m.phone, ${options.post ?? "secretary"}, ${options.kind ?? "part_time"},
               m.education, coalesce(${options.startedOn ?? null}::date, m.joined_on)
          from member m
          join organization o on o.id = coalesce(${options.organizationId ?? null}::int, m.organization_id)
         where m.id = ${memberId}
        returning id, county_id`,
  );
  if (row === undefined) throw new Error(`appointCadre: no member ${memberId}`);
  await cadreUpkeep(
    db,
    [],
    await cadreRowsForUpkeep(db, sql`c.county_id = ${row.county_id} and c.id = ${row.id}`),
  );
  return Number(row.id);
}

/** Ends cadre record `cadreId` on `endedOn` (离任), straight in the table. */
export async function endCadreRecord(db: Executor, cadreId: number, endedOn: string): Promise<void> {
  const before = await cadreRowsForUpkeep(db, sql`c.id = ${cadreId}`);
  await db.execute(sql`update cadre set ended_on = ${endedOn}::date where id = ${cadreId}`);
  await cadreUpkeep(db, before, await cadreRowsForUpkeep(db, sql`c.id = ${cadreId}`));
}

/** Every member's cadre fields and open or ended cadre records, for consistency checks (id order). */
export async function memberCadreState(db: Executor) {
  const members = await queryRows<{
    id: number;
    isCadre: boolean;
    leaguePosition: string | null;
    cadreKind: string | null;
    positionSince: string | null;
  }>(
    db,
    sql`select id, is_cadre as "isCadre", league_position as "leaguePosition", cadre_kind as "cadreKind",
               position_since::text as "positionSince"
          from member order by id`,
  );
  const cadres = await queryRows<{
    id: number;
    memberId: number;
    post: string;
    kind: string;
    startedOn: string;
    endedOn: string | null;
  }>(
    db,
    sql`select id, member_id as "memberId", post, kind, started_on::text as "startedOn",
               ended_on::text as "endedOn"
          from cadre where member_id is not null order by id`,
  );
  return { members, cadres };
}

/**
 * Every member's cadre fields equal what their current cadre records say (domain memberCadreFieldsOf,
 * the rule the trigger of migration 0018 applies in SQL). `label` names the moment in a failure.
 */
export async function expectMemberCadreFieldsDerived(db: Executor, label: string): Promise<void> {
  const { members, cadres } = await memberCadreState(db);
  const byMember = new Map<number, typeof cadres>();
  for (const row of cadres) {
    const memberId = Number(row.memberId);
    byMember.set(memberId, [...(byMember.get(memberId) ?? []), { ...row, id: Number(row.id) }]);
  }
  const wrong = members
    .map((row) => {
      const { id, ...stored } = row;
      const derived = memberCadreFieldsOf(byMember.get(Number(id)) ?? [], stored.leaguePosition);
      return { id: Number(id), stored, derived };
    })
    .filter(({ stored, derived }) => JSON.stringify(stored) !== JSON.stringify(derived));
  expect(wrong.slice(0, 5), `${label}: members whose cadre fields differ from their cadre records`).toEqual(
    [],
  );
}
