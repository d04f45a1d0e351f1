import type { Database } from "../../db/database";
import { forbidden } from "../../lib/http-errors";
import type { Actor } from "../auth/actor";
import { findMemberIdOfUser } from "../me/me.repository";
import { type DestinationRow, findDestinations } from "./transfers.repository";

/** The most organizations one lookup answers. */
export const DESTINATION_LIMIT = 20;

/**
 * The receiving organization lookup 转入组织查询 (issue 11 part 2): organizations of the WHOLE
 * installation whose name contains `q` (or whose pinyin initials start with it) that can receive a
 * transfer (a branch, or an organization with a branch below it), each with only its id, name, kind and
 * the names of its ancestors — so that a member asking for their own transfer, or the sending side, can
 * name a receiving organization outside their scope. It opens no other read: no members, counts,
 * codes or any other column of those organizations; the organizations' own routes still answer 404
 * outside the scope.
 *
 * Who may ask: a signed-in member with a member record (their own request) or a role with
 * member:write (starting a transfer for a member); anyone else 403.
 * @param q 2–20 characters (validated by the route's schema).
 * @returns at most {@link DESTINATION_LIMIT}, shallowest first.
 */
export async function lookUpTransferDestinations(
  db: Database,
  actor: Actor,
  q: string,
): Promise<DestinationRow[]> {
  if (!actor.permissions.has("member:write")) {
    const memberId = actor.userId === null ? null : await findMemberIdOfUser(db, actor.userId);
    if (memberId === null) throw forbidden();
  }
  return findDestinations(db, q.trim(), DESTINATION_LIMIT);
}
