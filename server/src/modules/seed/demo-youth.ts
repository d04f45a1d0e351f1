import { sql } from "drizzle-orm";
import { countyOfOrganization } from "../../db/county";
import type { Database } from "../../db/database";
import { executeWrite, queryRows } from "../../db/sql-result";
import { intArray } from "../../lib/sql-arrays";
import type { Actor } from "../auth/actor";
import { createUser } from "../users/user.service";
import type { DemoAccount } from "./demo-account";

/**
 * demo-youth: a plain member's own account (role member) in demo-branch's village branch, linked to an
 * active member of that branch who holds no League post and has no account yet (the first by id), so
 * that a second phone can sign in to the branch's meetings by QR (issue 12 part 1) and see its own
 * meetings, dues, review grade and registration — not the secretary's. Same password as the other demo
 * accounts. Null (no account) when demo-branch's branch has no such member.
 */
export async function seedDemoYouth(
  db: Database,
  actor: Actor,
  password: string,
): Promise<DemoAccount | null> {
  const [branch] = await queryRows<{ id: number; name: string }>(
    db,
    sql`select o.id::int as id, o.name from app_user u
      join user_role r on r.user_id = u.id and r.role = 'branch_secretary'
      join organization o on o.id = r.organization_id
      where u.username = 'demo-branch' limit 1`,
  );
  if (!branch) return null;
  // The branch's active members first (one shard on Citus), then those holding a post or an account
  // (the coordinator's tables), each read apart.
  const countyId = await countyOfOrganization(db, branch.id);
  const members = await queryRows<{ id: number; name: string }>(
    db,
    sql`select m.id::int as id, m.name from member m
      where m.county_id = ${countyId} and m.organization_id = ${branch.id} and m.status = 'active'
      order by m.id`,
  );
  const ids = intArray(members.map((row) => Number(row.id)));
  const taken = await queryRows<{ id: number }>(
    db,
    sql`select c.member_id::int as id from cadre c where c.ended_on is null and c.member_id = any(${ids})
      union select u.member_id::int from app_user u where u.member_id = any(${ids})`,
  );
  const takenIds = new Set(taken.map((row) => Number(row.id)));
  const youth = members.find((row) => !takenIds.has(Number(row.id)));
  if (!youth) return null;
  const userId = await createUser(db, actor, {
    username: "demo-youth",
    displayName: `团员${youth.name}`,
    password,
    role: "member",
    organizationId: branch.id,
  });
  await executeWrite(db, sql`update app_user set member_id = ${youth.id} where id = ${userId}`);
  return { username: "demo-youth", role: "member", organization: branch.name };
}
