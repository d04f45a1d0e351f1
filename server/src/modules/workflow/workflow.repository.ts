import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/database";
import { organization, workflowInstance, workflowStep, workItem } from "../../db/schema";

/**
 * A workflow instance as stored, with its organization's path and its counterpart's (a transfer's
 * receiving organization; null when the instance has none).
 */
export type WorkflowInstanceRow = typeof workflowInstance.$inferSelect & {
  organizationPath: string;
  counterpartOrganizationPath: string | null;
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
