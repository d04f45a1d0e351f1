import {
  DEVELOPMENT_DATE_STEPS,
  DEVELOPMENT_WORKFLOW,
  type DevelopmentDateField,
  type DevelopmentState,
} from "@tuanwu/domain";
import { countyOfOrganization } from "../db/county";
import type { Executor } from "../db/database";
import { developmentApplication, workflowInstance, workflowStep } from "../db/schema";

/**
 * An application of member development (入团申请) written straight into the tables, for the tests of
 * the readers (documents, the member's own pages): the instance in `state` with its data as the
 * engine keeps it (development-effects DevelopmentData: `dates` as the recorded chain, mentors and
 * sponsors from `payloads`), one step per main-line step up to it (the register step first),
 * `extraSteps` after them (a deferral, a return …). The engine's own tests go through its service.
 */
export async function insertTestApplication(
  db: Executor,
  input: {
    organizationId: number;
    name: string;
    citizenId: string;
    sex?: "male" | "female";
    birthDate?: string;
    ethnicity?: string | null;
    state: DevelopmentState;
    pausedFrom?: DevelopmentState | null;
    dates: Partial<Record<DevelopmentDateField, string>> & { applicationDate: string };
    data?: Record<string, unknown>;
    applicantUserId?: number | null;
    /** More payload of a main-line step, by action (e.g. name_candidate: { mentorMemberIds }). */
    payloads?: Partial<Record<string, Record<string, unknown>>>;
    extraSteps?: { action: string; toState: string; occurredOn: string; payload?: Record<string, unknown> }[];
    closed?: boolean;
  },
): Promise<{ applicationId: number; instanceId: number }> {
  // The county with every row, as the repositories give it (on Citus the insert is routed by it).
  const countyId = await countyOfOrganization(db, input.organizationId);
  const [instance] = await db
    .insert(workflowInstance)
    .values({
      countyId,
      kind: DEVELOPMENT_WORKFLOW.kind,
      organizationId: input.organizationId,
      state: input.state,
      pausedFrom: input.pausedFrom ?? null,
      title: input.name,
      subjectUserId: input.applicantUserId ?? null,
      data: {
        recorded: input.dates,
        mentorMemberIds: input.payloads?.name_candidate?.mentorMemberIds ?? [],
        sponsorMemberIds: input.payloads?.name_sponsors?.sponsorMemberIds ?? [],
        ...input.data,
      },
      closedAt: input.closed ? new Date() : null,
    })
    .returning({ id: workflowInstance.id });
  if (!instance) throw new Error("instance not inserted");
  const [application] = await db
    .insert(developmentApplication)
    .values({
      countyId,
      instanceId: instance.id,
      organizationId: input.organizationId,
      name: input.name,
      sex: input.sex ?? "female",
      ethnicity: input.ethnicity === undefined ? "han" : input.ethnicity,
      citizenId: input.citizenId,
      birthDate:
        input.birthDate ??
        `${input.citizenId.slice(6, 10)}-${input.citizenId.slice(10, 12)}-${input.citizenId.slice(12, 14)}`,
      applicationDate: input.dates.applicationDate,
      applicantUserId: input.applicantUserId ?? null,
    })
    .returning({ id: developmentApplication.id });
  if (!application) throw new Error("application not inserted");
  const mainLine = DEVELOPMENT_WORKFLOW.mainLine;
  const steps: (typeof workflowStep.$inferInsert)[] = [];
  DEVELOPMENT_DATE_STEPS.forEach((step, index) => {
    const date = input.dates[step.field];
    if (date === undefined) return;
    const toState = mainLine[index] as string;
    steps.push({
      countyId,
      instanceId: instance.id,
      sequence: steps.length + 1,
      action: step.action === "register" ? "open" : step.action,
      fromState: index === 0 ? null : (mainLine[index - 1] ?? null),
      toState,
      occurredOn: date,
      actorName: "test",
      payload: { [step.field]: date, ...input.payloads?.[step.action] },
    });
  });
  for (const extra of input.extraSteps ?? []) {
    steps.push({
      countyId,
      instanceId: instance.id,
      sequence: steps.length + 1,
      action: extra.action,
      fromState: null,
      toState: extra.toState,
      occurredOn: extra.occurredOn,
      actorName: "test",
      payload: extra.payload ?? {},
    });
  }
  if (steps.length > 0) await db.insert(workflowStep).values(steps);
  return { applicationId: application.id, instanceId: instance.id };
}
