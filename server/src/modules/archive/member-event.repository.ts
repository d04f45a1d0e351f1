import type { MemberEventKind } from "@tuanwu/domain";
import { and, asc, desc, eq } from "drizzle-orm";
import { countiesOfMembers } from "../../db/county";
import type { Executor } from "../../db/database";
import { memberEvent } from "../../db/schema";
import type { Actor } from "../auth/actor";

/**
 * Appends an entry to a member's electronic archive (电子团员档案, domain.md §2): what happened, on
 * which date, recorded by whom. Call in the transaction of the change it records. `detail` must not
 * carry unmasked personal data (the archive is shown to everyone who may read the member).
 */
export async function appendMemberEvent(
  db: Executor,
  actor: Actor,
  event: { memberId: number; kind: MemberEventKind; occurredOn: string; summary: string; detail?: unknown },
): Promise<void> {
  await appendMemberEvents(db, actor, [event]);
}

/** Appends many archive entries at once (imports). */
export async function appendMemberEvents(
  db: Executor,
  actor: Actor,
  events: {
    memberId: number;
    kind: MemberEventKind;
    occurredOn: string;
    summary: string;
    detail?: unknown;
  }[],
): Promise<void> {
  for (let start = 0; start < events.length; start += 1_000) {
    const slice = events.slice(start, start + 1_000);
    const counties = await countiesOfMembers(
      db,
      slice.map((event) => event.memberId),
    );
    await db.insert(memberEvent).values(
      slice.map((event) => ({
        countyId: counties.get(event.memberId) ?? 0,
        memberId: event.memberId,
        kind: event.kind,
        occurredOn: event.occurredOn,
        actorUserId: actor.userId,
        actorName: actor.username,
        summary: event.summary,
        detail: event.detail ?? null,
      })),
    );
  }
}

/**
 * A member's archive, oldest first (ties by recording order). `countyId`: the member's county
 * (countyOfMember), named so that the read is one shard on Citus.
 */
export async function findMemberEvents(db: Executor, memberId: number, countyId: number) {
  return db
    .select()
    .from(memberEvent)
    .where(and(eq(memberEvent.countyId, countyId), eq(memberEvent.memberId, memberId)))
    .orderBy(asc(memberEvent.occurredOn), asc(memberEvent.id));
}

/** The newest archive entry of a member (tests, summaries). */
export async function findLatestMemberEvent(db: Executor, memberId: number) {
  const rows = await db
    .select()
    .from(memberEvent)
    .where(eq(memberEvent.memberId, memberId))
    .orderBy(desc(memberEvent.id))
    .limit(1);
  return rows[0];
}
