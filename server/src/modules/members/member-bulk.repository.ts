import type { MemberStatus } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import { locateInCounty } from "../../db/county";
import type { Executor } from "../../db/database";
import { member, memberHistory } from "../../db/schema";
import { queryRows } from "../../db/sql-result";
import { registerCitizenIds } from "./citizen-id-registry.repository";
import { registerMemberNumbers } from "./member-number-registry.repository";

/**
 * A member to insert in bulk: any columns of the member table (the registry's full record where
 * known), with the current status and the date it began.
 */
export type BulkMember = Omit<typeof member.$inferInsert, "id" | "status" | "createdAt" | "updatedAt"> & {
  status: MemberStatus;
  statusSince: string;
};

const BATCH = 1_000;

/**
 * Inserts members and their history in batches of 1,000 rows (multi-VALUES: about 100 k rows/s on
 * PGlite, database-notes.md). History: an `active` period from the join date, and when the current
 * status is another one, that status from `statusSince` on. Each citizen ID and member number is
 * registered nationally (citizen_id_registry, member_number_registry; a held one is refused,
 * citizen_id_registry_pkey or member_number_registry_pkey) and each member's county recorded by id
 * (county_locator). Returns the new member ids in order.
 */
export async function insertMembersWithHistory(
  db: Executor,
  members: readonly BulkMember[],
): Promise<number[]> {
  if (members.length === 0) return [];
  const ids = (
    await queryRows<{ id: string | number }>(
      db,
      sql`select nextval(pg_get_serial_sequence('member', 'id')) as id from generate_series(1, ${members.length})`,
    )
  ).map((row) => Number(row.id));
  // The county of each branch (the distribution column on Citus, docs/SCALING.md): given with the rows.
  const branchIds = [...new Set(members.map((row) => row.organizationId))];
  const counties = new Map(
    (
      await queryRows<{ id: number; county_id: number }>(
        db,
        sql`select id, county_id from organization where id = any(${`{${branchIds.join(",")}}`}::int[])`,
      )
    ).map((row) => [Number(row.id), Number(row.county_id)]),
  );
  for (let start = 0; start < members.length; start += BATCH) {
    const slice = members.slice(start, start + BATCH);
    await db.insert(member).values(
      slice.map((row, index) => ({
        ...row,
        id: ids[start + index] as number,
        countyId: row.countyId || (counties.get(row.organizationId) ?? 0),
      })),
    );
    const history = slice.flatMap((row, index): (typeof memberHistory.$inferInsert)[] => {
      const memberId = ids[start + index] as number;
      const countyId = row.countyId || (counties.get(row.organizationId) ?? 0);
      if (row.status === "active" || row.statusSince <= row.joinedOn) {
        return [
          {
            countyId,
            memberId,
            organizationId: row.organizationId,
            status: row.status,
            validFrom: row.joinedOn,
            validTo: null,
          },
        ];
      }
      return [
        {
          countyId,
          memberId,
          organizationId: row.organizationId,
          status: "active",
          validFrom: row.joinedOn,
          validTo: row.statusSince,
        },
        {
          countyId,
          memberId,
          organizationId: row.organizationId,
          status: row.status,
          validFrom: row.statusSince,
          validTo: null,
        },
      ];
    });
    await db.insert(memberHistory).values(history);
    const registrations = slice.map((row, index) => ({
      citizenId: row.citizenId,
      memberNumber: row.memberNumber,
      countyId: row.countyId || (counties.get(row.organizationId) ?? 0),
      memberId: ids[start + index] as number,
    }));
    await registerCitizenIds(
      db,
      registrations.map(({ citizenId, countyId, memberId }) => ({ citizenId, countyId, memberId })),
    );
    await registerMemberNumbers(
      db,
      registrations.map(({ memberNumber, countyId, memberId }) => ({ memberNumber, countyId, memberId })),
    );
    await locateInCounty(
      db,
      "member",
      slice.map((row, index) => ({
        id: ids[start + index] as number,
        countyId: row.countyId || (counties.get(row.organizationId) ?? 0),
      })),
    );
  }
  return ids;
}
