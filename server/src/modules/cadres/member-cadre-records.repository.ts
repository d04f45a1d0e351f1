import { and, asc, eq, isNull } from "drizzle-orm";
import type { Executor } from "../../db/database";
import { cadre, organization } from "../../db/schema";

/** An open cadre record of a member, as the member detail shows it. */
export interface MemberCadreRecordRow {
  id: number;
  organizationId: number;
  organizationName: string;
  post: string;
  kind: string;
  startedOn: string;
}

/**
 * The open cadre records (团干部, ended_on null) of member `memberId`, the source of the member's cadre
 * fields (issue 13 part 1, migration 0018), oldest first.
 */
export async function findMemberOpenCadreRecords(
  db: Executor,
  memberId: number,
): Promise<MemberCadreRecordRow[]> {
  return db
    .select({
      id: cadre.id,
      organizationId: cadre.organizationId,
      organizationName: organization.name,
      post: cadre.post,
      kind: cadre.kind,
      startedOn: cadre.startedOn,
    })
    .from(cadre)
    .innerJoin(organization, eq(organization.id, cadre.organizationId))
    .where(and(eq(cadre.memberId, memberId), isNull(cadre.endedOn)))
    .orderBy(asc(cadre.startedOn), asc(cadre.id));
}
