import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { countyOfWorkflowInstance } from "../../db/county";
import type { Executor } from "../../db/database";
import { isDistributed } from "../../db/distributed";
import { organization, workflowInstance, workflowStep, workItem } from "../../db/schema";
import { queryRows } from "../../db/sql-result";

/**
 * A workflow instance as stored, with its organization's path and its counterpart's path and kind (a
 * transfer's receiving organization; null when the instance has none) — read in the statement that
 * locks the instance, so a workflow's facts need not read the counterpart again.
 */
export type WorkflowInstanceRow = typeof workflowInstance.$inferSelect & {
  organizationPath: string;
  counterpartOrganizationPath: string | null;
  counterpartOrganizationKind: string | null;
  /** The counterpart organization's county (where the instance's counterpart-side items sit). */
  counterpartCountyId: number | null;
};

/** An instance named by its county and id: what routes a statement on Citus. */
export interface InstanceKey {
  id: number;
  countyId: number;
}

/** The counterpart organization, joined under its own name. */
const counterpart = alias(organization, "counterpart_organization");

/** The columns of an instance read with its organization's path. */
const instanceColumns = {
  id: workflowInstance.id,
  countyId: workflowInstance.countyId,
  kind: workflowInstance.kind,
  organizationId: workflowInstance.organizationId,
  counterpartOrganizationId: workflowInstance.counterpartOrganizationId,
  state: workflowInstance.state,
  pausedFrom: workflowInstance.pausedFrom,
  version: workflowInstance.version,
  subjectMemberId: workflowInstance.subjectMemberId,
  subjectUserId: workflowInstance.subjectUserId,
  title: workflowInstance.title,
  data: workflowInstance.data,
  openedAt: workflowInstance.openedAt,
  updatedAt: workflowInstance.updatedAt,
  closedAt: workflowInstance.closedAt,
  organizationPath: organization.path,
  counterpartOrganizationPath: counterpart.path,
  counterpartOrganizationKind: counterpart.kind,
  counterpartCountyId: counterpart.countyId,
};

/**
 * One instance with its organization's path (and its counterpart's); `lock` "update" takes the row lock (SELECT … FOR UPDATE
 * OF workflow_instance) that serializes transitions of one instance. Its county is read first, without
 * a lock (`countyOfWorkflowInstance`; on Citus a probe of every shard), so that the read and the lock
 * name it and are one task on the county's shard — unless the caller knows it (`knownCountyId`: the
 * county of the record the instance is the workflow of, read by its id through county_locator, migration
 * 0059_record_locator), which spares that probe.
 */
export async function findWorkflowInstance(
  db: Executor,
  id: number,
  lock?: "update",
  knownCountyId?: number,
): Promise<WorkflowInstanceRow | undefined> {
  const countyId = knownCountyId ?? (await countyOfWorkflowInstance(db, id));
  const query = db
    .select(instanceColumns)
    .from(workflowInstance)
    .innerJoin(organization, eq(organization.id, workflowInstance.organizationId))
    .leftJoin(counterpart, eq(counterpart.id, workflowInstance.counterpartOrganizationId))
    .where(and(eq(workflowInstance.countyId, countyId), eq(workflowInstance.id, id)))
    .limit(1);
  const rows = lock ? await query.for("update", { of: workflowInstance }) : await query;
  return rows[0];
}

/** Inserts an instance (version 1; `countyId` its organization's county) and returns its id. */
export async function insertWorkflowInstance(
  db: Executor,
  values: Omit<typeof workflowInstance.$inferInsert, "id" | "version" | "countyId"> & { countyId: number },
): Promise<number> {
  const [row] = await db.insert(workflowInstance).values(values).returning({ id: workflowInstance.id });
  if (!row) throw new Error("workflow instance not inserted");
  return row.id;
}

/** The work item a step opens (the next state's awaited actor), placed at an organization by id. */
export interface NextWorkItem {
  kind: string;
  state: string;
  /** Where it sits, with that organization's path and county (work_item.county_id). */
  organizationId: number;
  organizationPath: string;
  countyId: number;
  awaitingPlace: string;
  awaitingPermission: string | null;
  awaitingUserId: number | null;
  title: string;
}

/** What {@link advanceWorkflowInstance} did: whether the instance moved and the work item opened. */
export interface AdvancedInstance {
  moved: boolean;
  /** The step's id (the one appended here, or the one given). */
  stepId: number;
  /** False when a next work item was asked for but not opened (the instance did not move). */
  opened: boolean;
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/**
 * The engine's writes after a step (issue 11 "Measured"; issue 19 "Workflows on Citus"): appends the
 * step (when `step` is its values; a number names one appended already), moves the instance (state,
 * paused_from, data, version + 1, updated_at, closed_at for a terminal state, subject member and
 * counterpart when given — guarded by `expectedVersion`), closes its open work item naming the step,
 * opens `next` (at `next.organizationId`) — the last two only when the instance moved. Every row is named by its county: on PostgreSQL and
 * PGlite, when the instance, its open item and the next item lie in one county (every workflow inside a
 * county), the workflow's writes are ONE statement (advanceWorkflowStatement). On Citus, and for a
 * transfer between counties (the item moves to the receiving county, or back), one statement per row
 * written — the instance's guarded move, the step, the item closed, the item opened — each naming its
 * county: Citus routes each to one shard (with the tables distributed, migration
 * 0041_workflow_distribution, it plans the one statement's INSERT … SELECT parts by pulling the rows to
 * the coordinator and its final read there, not as one task on the county's shard).
 * The step's audit entry is the engine's, a statement of its own (audit_log stays on the coordinator).
 */
export async function advanceWorkflowInstance(
  db: Executor,
  values: AdvanceWorkflowValues,
): Promise<AdvancedInstance> {
  const counties = new Set([values.countyId, ...values.openItemCountyIds]);
  if (values.next) counties.add(values.next.countyId);
  let moved: boolean;
  let stepId: number;
  let opened: boolean;
  if (counties.size === 1 && !(await isDistributed(db))) {
    const [row] = await queryRows<{ moved: number; opened: number; step_id: number | string | null }>(
      db,
      advanceWorkflowStatement(values),
    );
    moved = Number(row?.moved ?? 0) === 1;
    stepId = Number(row?.step_id ?? 0);
    opened = Number(row?.opened ?? 0) === 1;
  } else {
    moved = (await queryRows(db, moveInstanceStatement(values))).length === 1;
    stepId = typeof values.step === "number" ? values.step : 0;
    opened = false;
    if (moved) {
      if (typeof values.step !== "number") {
        const [step] = await queryRows<{ id: number | string }>(db, appendStepStatement(values, values.step));
        stepId = Number(step?.id ?? 0);
      }
      await queryRows(db, closeOpenItemStatement(values, stepId));
      if (values.next) opened = (await queryRows(db, openItemStatement(values, values.next))).length === 1;
    }
  }
  return { moved, stepId, opened: values.next === null || !moved || opened };
}

/** What {@link advanceWorkflowInstance} is asked. */
export interface AdvanceWorkflowValues {
  id: number;
  /** The instance's county (workflow_instance.county_id). */
  countyId: number;
  /** The counties its open work item may sit in (its organization's and its counterpart's). */
  openItemCountyIds: readonly number[];
  expectedVersion: number;
  state: string;
  pausedFrom: string | null;
  data: unknown;
  closed: boolean;
  subjectMemberId?: number;
  counterpartOrganizationId?: number;
  /** The step to append (its sequence is the new version), or the id of the one already appended. */
  step: Omit<typeof workflowStep.$inferInsert, "id" | "recordedAt" | "countyId"> | number;
  next: NextWorkItem | null;
}

/** The county predicate of the open item's possible counties (one value: `= c`, a router predicate). */
function openItemCounties(values: AdvanceWorkflowValues): SQL {
  const counties = [...new Set([values.countyId, ...values.openItemCountyIds])];
  return counties.length === 1
    ? sql`county_id = ${counties[0]}`
    : sql`county_id in (${sql.join(
        counties.map((county) => sql`${county}`),
        sql`, `,
      )})`;
}

/** The instance's move and the step's append (the `moved` and `step` parts of the statements). */
function moveAndStep(values: AdvanceWorkflowValues): SQL {
  const step = typeof values.step === "number" ? null : values.step;
  return sql`moved as (
          update workflow_instance
             set state = ${values.state}, paused_from = ${values.pausedFrom}, data = ${json(values.data)}::jsonb,
                 version = version + 1, updated_at = now(),
                 closed_at = case when ${values.closed}::boolean then now() else null end,
                 subject_member_id = coalesce(${values.subjectMemberId ?? null}::bigint, subject_member_id),
                 counterpart_organization_id =
                   coalesce(${values.counterpartOrganizationId ?? null}::integer, counterpart_organization_id)
           where county_id = ${values.countyId} and id = ${values.id} and version = ${values.expectedVersion}
          returning id
        ), step as (
          insert into workflow_step (county_id, instance_id, sequence, action, from_state, to_state, occurred_on,
                                     actor_user_id, actor_name, payload, acknowledged_warnings)
          select ${values.countyId}::integer, m.id, ${step?.sequence ?? null}::integer, ${step?.action ?? null}::text,
                 ${step?.fromState ?? null}::text, ${step?.toState ?? null}::text,
                 ${step?.occurredOn ?? null}::date, ${step?.actorUserId ?? null}::integer,
                 ${step?.actorName ?? null}::text, ${json(step?.payload ?? {})}::jsonb,
                 ${json(step?.acknowledgedWarnings ?? [])}::jsonb
            from moved m
           where ${step !== null}::boolean
          returning id
        )`;
}

/** The id of the step appended here or given. */
function stepIdOf(values: AdvanceWorkflowValues): SQL {
  const appendedStepId = typeof values.step === "number" ? values.step : null;
  return sql`coalesce((select id from step), ${appendedStepId}::bigint)`;
}

/**
 * The one statement of {@link advanceWorkflowInstance} when the instance, its open item and the next
 * item lie in one county: every part names that county, so on Citus it is one task on the county's
 * shard (exported for the routing proof, workflow-routing.citus.test.ts).
 */
export function advanceWorkflowStatement(values: AdvanceWorkflowValues): SQL {
  const { next } = values;
  return sql`with ${moveAndStep(values)}, closed as (
          update work_item
             set closed_at = now(), closed_by_step_id = ${stepIdOf(values)}
           where ${openItemCounties(values)} and instance_id = (select id from moved) and closed_at is null
          returning id
        ), opened as (
          insert into work_item (county_id, instance_county_id, instance_id, kind, state, organization_id,
                                 organization_path, awaiting_place, awaiting_permission, awaiting_user_id, title)
          select ${next?.countyId ?? values.countyId}::integer, ${values.countyId}::integer, m.id,
                 ${next?.kind ?? null}::text, ${next?.state ?? null}::text, ${next?.organizationId ?? null}::integer,
                 ${next?.organizationPath ?? null}::text, ${next?.awaitingPlace ?? null}::text,
                 ${next?.awaitingPermission ?? null}::text, ${next?.awaitingUserId ?? null}::integer,
                 ${next?.title ?? null}::text
            from moved m
           cross join (select count(*) as n from closed) c
           where ${next !== null}::boolean
          returning id
        )
        select (select count(*) from moved)::int as moved, (select count(*) from opened)::int as opened,
               ${stepIdOf(values)} as step_id, (select count(*) from closed)::int as closed`;
}

/**
 * The instance's guarded move alone, in the instance's county: a row when it moved (closed_at as
 * `now()` or null in the text: Citus refuses a non-immutable function inside CASE in a routed UPDATE).
 */
function moveInstanceStatement(values: AdvanceWorkflowValues): SQL {
  return sql`update workflow_instance
       set state = ${values.state}, paused_from = ${values.pausedFrom}, data = ${json(values.data)}::jsonb,
           version = version + 1, updated_at = now(),
           closed_at = ${values.closed ? sql`now()` : sql`null`},
           subject_member_id = coalesce(${values.subjectMemberId ?? null}::bigint, subject_member_id),
           counterpart_organization_id =
             coalesce(${values.counterpartOrganizationId ?? null}::integer, counterpart_organization_id)
     where county_id = ${values.countyId} and id = ${values.id} and version = ${values.expectedVersion}
    returning id`;
}

/** Appends the step of an instance that moved, in the instance's county. */
function appendStepStatement(
  values: AdvanceWorkflowValues,
  step: Exclude<AdvanceWorkflowValues["step"], number>,
): SQL {
  return sql`insert into workflow_step (county_id, instance_id, sequence, action, from_state, to_state, occurred_on,
                               actor_user_id, actor_name, payload, acknowledged_warnings)
    values (${values.countyId}, ${values.id}, ${step.sequence}, ${step.action}, ${step.fromState ?? null},
            ${step.toState}, ${step.occurredOn}, ${step.actorUserId ?? null}, ${step.actorName},
            ${json(step.payload ?? {})}::jsonb, ${json(step.acknowledgedWarnings ?? [])}::jsonb)
    returning id`;
}

/** Closes the instance's open work item, in the counties it may sit in. */
function closeOpenItemStatement(values: AdvanceWorkflowValues, stepId: number): SQL {
  return sql`update work_item set closed_at = now(), closed_by_step_id = ${stepId}
    where ${openItemCounties(values)} and instance_id = ${values.id} and closed_at is null`;
}

/** Opens the next work item in its own county. */
function openItemStatement(values: AdvanceWorkflowValues, next: NextWorkItem): SQL {
  return sql`insert into work_item (county_id, instance_county_id, instance_id, kind, state, organization_id,
                                  organization_path, awaiting_place, awaiting_permission, awaiting_user_id, title)
    values (${next.countyId}, ${values.countyId}, ${values.id}, ${next.kind}, ${next.state}, ${next.organizationId},
            ${next.organizationPath}, ${next.awaitingPlace}, ${next.awaitingPermission}, ${next.awaitingUserId},
            ${next.title})
    returning id`;
}

/** Replaces an instance's data (used right after opening, to name the entity it belongs to). */
export async function setWorkflowInstanceData(
  db: Executor,
  instance: InstanceKey,
  data: unknown,
): Promise<void> {
  await db
    .update(workflowInstance)
    .set({ data })
    .where(and(eq(workflowInstance.countyId, instance.countyId), eq(workflowInstance.id, instance.id)));
}

/** Sets the subject's account of an instance (an applicant's account issued later). */
export async function setWorkflowSubjectUser(db: Executor, id: number, userId: number | null): Promise<void> {
  const countyId = await countyOfWorkflowInstance(db, id);
  await db
    .update(workflowInstance)
    .set({ subjectUserId: userId })
    .where(and(eq(workflowInstance.countyId, countyId), eq(workflowInstance.id, id)));
}

/** Appends a step (append-only; `countyId` its instance's) and returns its id. */
export async function insertWorkflowStep(
  db: Executor,
  values: Omit<typeof workflowStep.$inferInsert, "id" | "recordedAt" | "countyId"> & { countyId: number },
): Promise<number> {
  const [row] = await db.insert(workflowStep).values(values).returning({ id: workflowStep.id });
  if (!row) throw new Error("workflow step not inserted");
  return row.id;
}

/** An instance's steps, oldest first (its timeline), read in the instance's county. */
export async function findWorkflowSteps(db: Executor, instance: InstanceKey) {
  return db
    .select()
    .from(workflowStep)
    .where(and(eq(workflowStep.countyId, instance.countyId), eq(workflowStep.instanceId, instance.id)))
    .orderBy(asc(workflowStep.sequence));
}

/**
 * Opens a work item (待办) for an instance waiting in `state`: `countyId` the county of the
 * organization it sits at, `instanceCountyId` its instance's.
 */
export async function insertWorkItem(
  db: Executor,
  values: Omit<typeof workItem.$inferInsert, "id" | "countyId" | "instanceCountyId"> & {
    countyId: number;
    instanceCountyId: number;
  },
): Promise<void> {
  await db.insert(workItem).values(values);
}
