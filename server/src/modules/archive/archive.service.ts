import type { MemberEventKind } from "@tuanwu/domain";
import { countyOfMember } from "../../db/county";
import type { Database } from "../../db/database";
import { requireAccess } from "../access/access.service";
import type { Actor } from "../auth/actor";
import { findMemberEvents } from "./member-event.repository";

/**
 * A member's electronic archive (电子团员档案): every event, oldest first (by date, then by the
 * order recorded), each with who recorded it and when. Errors: 404 outside scope; 403 role.
 */
export async function listMemberEvents(db: Database, actor: Actor, memberId: number) {
  await requireAccess(db, actor, { permission: "member:read", kind: "member", ids: [memberId] });
  return (await findMemberEvents(db, memberId, await countyOfMember(db, memberId))).map((event) => ({
    id: event.id,
    kind: event.kind as MemberEventKind,
    occurredOn: event.occurredOn,
    recordedAt: event.recordedAt.toISOString(),
    actorName: event.actorName,
    summary: event.summary,
    detail: event.detail,
  }));
}
