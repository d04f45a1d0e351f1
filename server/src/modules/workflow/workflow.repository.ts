import { and, asc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/database";
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
};

/** The counterpart organization, joined under its own name. */
const counterpart = alias(organization, "counterpart_organization");

/** The columns of an instance read with its organization's path. */
const instanceColumns = {
  id: workflowInstance.id,
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
};

/**
 * One instance with its organization's path (and its counterpart's); `lock` "update" takes the row lock (SELECT … FOR UPDATE
 * OF workflow_instance) that serializes transitions of one instance.
 */
export async function findWorkflowInstance(
  db: Executor,
  id: number,
  lock?: "update",
): Promise<WorkflowInstanceRow | undefined> {
  const query = db
    .select(instanceColumns)
    .from(workflowInstance)
    .innerJoin(organization, eq(organization.id, workflowInstance.organizationId))
    .leftJoin(counterpart, eq(counterpart.id, workflowInstance.counterpartOrganizationId))
    .where(eq(workflowInstance.id, id))
    .limit(1);
  const rows = lock ? await query.for("update", { of: workflowInstance }) : await query;
  return rows[0];
}

/** Inserts an instance (version 1) and returns its id. */
export async function insertWorkflowInstance(
  db: Executor,
  values: Omit<typeof workflowInstance.$inferInsert, "id" | "version">,
): Promise<number> {
  const [row] = await db.insert(workflowInstance).values(values).returning({ id: workflowInstance.id });
  if (!row) throw new Error("workflow instance not inserted");
  return row.id;
}

/**
 * Moves an instance to its next state: state, paused_from, data, version + 1, updated_at, closed_at
 * (set for a terminal state), and the counterpart when given (a receiving committee assigning a
 * branch). Guarded by the version read under the row lock.
 */
export async function updateWorkflowInstance(
  db: Executor,
  id: number,
  expectedVersion: number,
  values: {
    state: string;
    pausedFrom: string | null;
    data: unknown;
    closed: boolean;
    subjectMemberId?: number;
    counterpartOrganizationId?: number;
  },
): Promise<boolean> {
  const rows = await db
    .update(workflowInstance)
    .set({
      state: values.state,
      pausedFrom: values.pausedFrom,
      data: values.data,
      version: sql`${workflowInstance.version} + 1`,
      updatedAt: sql`now()`,
      closedAt: values.closed ? sql`now()` : null,
      ...(values.subjectMemberId === undefined ? {} : { subjectMemberId: values.subjectMemberId }),
      ...(values.counterpartOrganizationId === undefined
        ? {}
        : { counterpartOrganizationId: values.counterpartOrganizationId }),
    })
    .where(and(eq(workflowInstance.id, id), eq(workflowInstance.version, expectedVersion)))
    .returning({ id: workflowInstance.id });
  return rows.length === 1;
}

/** The work item a step opens (the next state's awaited actor), placed at an organization by id. */
export interface NextWorkItem {
  kind: string;
  state: string;
  /** Where it sits; its path is read in the same statement (the counterpart may just have changed). */
  organizationId: number;
  awaitingPlace: string;
  awaitingPermission: string | null;
  awaitingUserId: number | null;
  title: string;
}

/** The audit entry of a step, already masked (audit.service maskForAudit). */
export interface StepAuditEntry {
  actorUserId: number | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string;
  organizationId: number | null;
  before: unknown;
  after: unknown;
  detail: unknown;
}

/** What {@link advanceWorkflowInstance} did: whether the instance moved and the work item opened. */
export interface AdvancedInstance {
  moved: boolean;
  /** The step's id (the one appended here, or the one given). */
  stepId: number;
  /** False when a next work item was asked for but its organization does not exist. */
  opened: boolean;
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/**
 * The engine's writes after a step, in ONE statement (one round trip instead of five; issue 11
 * "Measured"): appends the step (when `step` is its values; a number names one appended already),
 * moves the instance (state, paused_from, data, version + 1, updated_at, closed_at for a
 * terminal state, subject member and counterpart when given — guarded by `expectedVersion`), closes its
 * open work item naming the step, opens `next` (at `next.organizationId`, its path read here) and
 * appends the audit entry — the last three only when the instance moved. The close runs before the
 * insert (the insert reads the close's count), so the one-open-item-per-instance index holds. Same
 * rows as insertWorkflowStep + updateWorkflowInstance + closeOpenWorkItem + insertWorkItem + audit
 * insertAuditEntry.
 */
export async function advanceWorkflowInstance(
  db: Executor,
  values: AdvanceWorkflowValues,
): Promise<AdvancedInstance> {
  const [row] = await queryRows<{ moved: number; opened: number; step_id: number | string | null }>(
    db,
    advanceWorkflowStatement(values),
  );
  const moved = Number(row?.moved ?? 0) === 1;
  return {
    moved,
    stepId: Number(row?.step_id ?? 0),
    opened: values.next === null || !moved || Number(row?.opened ?? 0) === 1,
  };
}

/** What {@link advanceWorkflowInstance} is asked. */
export interface AdvanceWorkflowValues {
  id: number;
  expectedVersion: number;
  state: string;
  pausedFrom: string | null;
  data: unknown;
  closed: boolean;
  subjectMemberId?: number;
  counterpartOrganizationId?: number;
  /** The step to append (its sequence is the new version), or the id of the one already appended. */
  step: Omit<typeof workflowStep.$inferInsert, "id" | "recordedAt"> | number;
  next: NextWorkItem | null;
  audit: StepAuditEntry;
}

/**
 * The one statement of {@link advanceWorkflowInstance} (exported for the routing proof: on Citus it is
 * one task, workflow-routing.citus.test.ts).
 */
export function advanceWorkflowStatement(values: AdvanceWorkflowValues): SQL {
  const { next, audit } = values;
  const step = typeof values.step === "number" ? null : values.step;
  const appendedStepId = typeof values.step === "number" ? values.step : null;
  return sql`with moved as (
          update workflow_instance
             set state = ${values.state}, paused_from = ${values.pausedFrom}, data = ${json(values.data)}::jsonb,
                 version = version + 1, updated_at = now(),
                 closed_at = case when ${values.closed}::boolean then now() else null end,
                 subject_member_id = coalesce(${values.subjectMemberId ?? null}::bigint, subject_member_id),
                 counterpart_organization_id =
                   coalesce(${values.counterpartOrganizationId ?? null}::integer, counterpart_organization_id)
           where id = ${values.id} and version = ${values.expectedVersion}
          returning id
        ), step as (
          insert into workflow_step (instance_id, sequence, action, from_state, to_state, occurred_on,
                                     actor_user_id, actor_name, payload, acknowledged_warnings)
          select m.id, ${step?.sequence ?? null}::integer, ${step?.action ?? null}::text,
                 ${step?.fromState ?? null}::text, ${step?.toState ?? null}::text,
                 ${step?.occurredOn ?? null}::date, ${step?.actorUserId ?? null}::integer,
                 ${step?.actorName ?? null}::text, ${json(step?.payload ?? {})}::jsonb,
                 ${json(step?.acknowledgedWarnings ?? [])}::jsonb
            from moved m
           where ${step !== null}::boolean
          returning id
        ), closed as (
          update work_item
             set closed_at = now(),
                 closed_by_step_id = coalesce((select id from step), ${appendedStepId}::bigint)
           where instance_id = (select id from moved) and closed_at is null
          returning id
        ), opened as (
          insert into work_item (instance_id, kind, state, organization_id, organization_path,
                                 awaiting_place, awaiting_permission, awaiting_user_id, title)
          select m.id, ${next?.kind ?? null}::text, ${next?.state ?? null}::text, o.id, o.path,
                 ${next?.awaitingPlace ?? null}::text, ${next?.awaitingPermission ?? null}::text,
                 ${next?.awaitingUserId ?? null}::integer, ${next?.title ?? null}::text
            from moved m
            join organization o on o.id = ${next?.organizationId ?? null}::integer
           cross join (select count(*) as n from closed) c
          returning id
        ), audited as (
          insert into audit_log (actor_user_id, actor_name, action, entity_type, entity_id,
                                 organization_id, before, after, detail)
          select ${audit.actorUserId}::integer, ${audit.actorName}::text, ${audit.action}::text,
                 ${audit.entityType}::text, ${audit.entityId}::text, ${audit.organizationId}::integer,
                 ${json(audit.before)}::jsonb, ${json(audit.after)}::jsonb, ${json(audit.detail)}::jsonb
            from moved
          returning id
        )
        select (select count(*) from moved)::int as moved, (select count(*) from opened)::int as opened,
               coalesce((select id from step), ${appendedStepId}::bigint) as step_id,
               (select count(*) from audited)::int as audited, (select count(*) from closed)::int as closed`;
}

/** Replaces an instance's data (used right after opening, to name the entity it belongs to). */
export async function setWorkflowInstanceData(db: Executor, id: number, data: unknown): Promise<void> {
  await db.update(workflowInstance).set({ data }).where(eq(workflowInstance.id, id));
}

/** Sets the subject's account of an instance (an applicant's account issued later). */
export async function setWorkflowSubjectUser(db: Executor, id: number, userId: number | null): Promise<void> {
  await db.update(workflowInstance).set({ subjectUserId: userId }).where(eq(workflowInstance.id, id));
}

/** Appends a step (append-only) and returns its id. */
export async function insertWorkflowStep(
  db: Executor,
  values: Omit<typeof workflowStep.$inferInsert, "id" | "recordedAt">,
): Promise<number> {
  const [row] = await db.insert(workflowStep).values(values).returning({ id: workflowStep.id });
  if (!row) throw new Error("workflow step not inserted");
  return row.id;
}

/** An instance's steps, oldest first (its timeline). */
export async function findWorkflowSteps(db: Executor, instanceId: number) {
  return db
    .select()
    .from(workflowStep)
    .where(eq(workflowStep.instanceId, instanceId))
    .orderBy(asc(workflowStep.sequence));
}

/** Opens a work item (待办) for an instance waiting in `state`. */
export async function insertWorkItem(
  db: Executor,
  values: Omit<typeof workItem.$inferInsert, "id">,
): Promise<void> {
  await db.insert(workItem).values(values);
}

/** Closes an instance's open work item, naming the step that closed it. */
export async function closeOpenWorkItem(db: Executor, instanceId: number, stepId: number): Promise<void> {
  await db
    .update(workItem)
    .set({ closedAt: sql`now()`, closedByStepId: stepId })
    .where(and(eq(workItem.instanceId, instanceId), isNull(workItem.closedAt)));
}

/** Sets the awaited account of an instance's open work item (when the subject gets an account). */
export async function setOpenWorkItemUser(
  db: Executor,
  instanceId: number,
  userId: number | null,
): Promise<void> {
  await db
    .update(workItem)
    .set({ awaitingUserId: userId })
    .where(
      and(
        eq(workItem.instanceId, instanceId),
        isNull(workItem.closedAt),
        eq(workItem.awaitingPlace, "subject"),
      ),
    );
}
