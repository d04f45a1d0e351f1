import { sql } from "drizzle-orm";
import type { Database } from "../../db/database";
import { executeWrite, queryRows } from "../../db/sql-result";
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
  const [youth] = await queryRows<{ id: number; name: string }>(
    db,
    sql`select m.id::int as id, m.name from member m
      where m.organization_id = ${branch.id} and m.status = 'active'
        and not exists (select 1 from cadre c where c.member_id = m.id and c.ended_on is null)
        and not exists (select 1 from app_user u where u.member_id = m.id)
      order by m.id limit 1`,
  );
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
