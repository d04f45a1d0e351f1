import {
  addDays,
  TERM_BODY_LABELS,
  TERM_ELECTION_WORKFLOW,
  TERM_REMINDER_DAYS,
  type TermBody,
} from "@tuanwu/domain";
import { Cron } from "croner";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/database";
import { organizationTerm } from "../../db/schema";
import { queryRows } from "../../db/sql-result";
import { LEAGUE_TIME_ZONE, todayInChina } from "../../lib/clock";
import { systemActor } from "../auth/system-actor";
import { openInstance } from "../workflow/workflow-engine";

/**
 * The election reminders 换届提醒 in the to-do inbox (issue 13 part 2): a daily croner job that opens a
 * "term_election" instance (domain TERM_ELECTION_WORKFLOW, state "due") for every organization's latest
 * term of a body that ends within TERM_REMINDER_DAYS (or has ended) without a later term and without an
 * instance yet. Recording the election (POST /terms/{id}/election) closes it.
 */

/** The PostgreSQL advisory lock key of the job. */
export const TERM_ELECTION_LOCK_KEY = 7_261_104_013;

/** Default schedule: every day at 01:45 China time. */
export const TERM_ELECTION_DEFAULT_CRON = "45 1 * * *";

/** What one run did. */
export interface TermElectionRun {
  /** False when another process held the lock. */
  ran: boolean;
  today: string;
  /** Term ids whose reminder this run opened. */
  opened: number[];
}

/**
 * Runs the reminder once for the date of `now` in China, under a transaction-scoped advisory lock:
 * opens one instance per due term (its organization's inbox; title "<organization> <body>换届") and
 * stores it on the term. Idempotent: a term with an instance is skipped, so a second run opens nothing.
 */
export async function runTermElectionReminders(db: Database, now: Date): Promise<TermElectionRun> {
  const today = todayInChina(now);
  const actor = systemActor("term-election");
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ locked: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${TERM_ELECTION_LOCK_KEY}) as locked`,
    );
    if (!lock?.locked) return { ran: false, today, opened: [] };
    // The due terms of every county, read without a lock (on Citus a row lock over several shards is
    // refused), then each locked by its county and id and skipped if a run opened its reminder meanwhile.
    const due = await queryRows<{
      id: number;
      county_id: number;
      organization_id: number;
      organization_name: string;
      body: string;
      ends_on: string;
    }>(
      tx,
      sql`select t.id, t.county_id, t.organization_id, o.name as organization_name, t.body, to_char(t.ends_on, 'YYYY-MM-DD') as ends_on
        from organization_term t join organization o on o.id = t.organization_id
       where t.election_instance_id is null and t.ends_on <= ${addDays(today, TERM_REMINDER_DAYS)}
         and not exists (select 1 from organization_term l where l.county_id = t.county_id
                          and l.organization_id = t.organization_id and l.body = t.body and l.starts_on > t.starts_on)
       order by t.ends_on, t.id`,
    );
    const opened: number[] = [];
    for (const term of due) {
      const where = and(
        eq(organizationTerm.countyId, Number(term.county_id)),
        eq(organizationTerm.id, Number(term.id)),
      );
      const [locked] = await tx
        .select({ electionInstanceId: organizationTerm.electionInstanceId })
        .from(organizationTerm)
        .where(where)
        .for("update");
      if (!locked || locked.electionInstanceId !== null) continue;
      const label = TERM_BODY_LABELS[term.body as TermBody] ?? term.body;
      const instance = await openInstance(tx, {
        definition: TERM_ELECTION_WORKFLOW,
        organizationId: Number(term.organization_id),
        title: `${term.organization_name} ${label}换届（届满 ${term.ends_on}）`,
        data: { entityId: Number(term.id), endsOn: term.ends_on, body: term.body },
        actor,
        occurredOn: today,
      });
      await tx.update(organizationTerm).set({ electionInstanceId: instance.id }).where(where);
      opened.push(Number(term.id));
    }
    return { ran: true, today, opened };
  });
}

/** A started schedule of the job. */
export interface TermElectionSchedule {
  stop(): void;
}

/**
 * Schedules {@link runTermElectionReminders} with croner on `pattern` (China time; no overlapping runs;
 * the advisory lock keeps processes apart). The server starts it; the tests do not.
 */
export function startTermElectionSchedule(
  db: Database,
  pattern: string,
  onError: (error: unknown) => void,
): TermElectionSchedule {
  const job = new Cron(
    pattern,
    { timezone: LEAGUE_TIME_ZONE, protect: true, catch: onError, unref: true },
    async () => {
      await runTermElectionReminders(db, new Date());
    },
  );
  return { stop: () => job.stop() };
}
