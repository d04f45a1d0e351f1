import {
  ageOn,
  DEVELOPMENT_DATE_STEPS,
  DEVELOPMENT_STATE_LABELS,
  DEVELOPMENT_STATES,
  DEVELOPMENT_WORKFLOW,
  type DevelopmentDateField,
  type DevelopmentState,
  type Label,
  MEMBER_STATUS_LABELS,
  type MemberEventKind,
  type MemberStatus,
  maskCitizenId,
  maskPhone,
} from "@tuanwu/domain";
import { countyOfMember } from "../../db/county";
import type { Database } from "../../db/database";
import { HttpError } from "../../lib/http-errors";
import { findMemberEvents } from "../archive/member-event.repository";
import type { Actor } from "../auth/actor";
import { developmentData } from "../development/development-effects";
import { describePoints, resolvePointsScheme, scoreApplications } from "../development/development-points";
import { findMemberWithBranch } from "../members/member-record.repository";
import {
  findApplicationsOfUser,
  findMemberIdOfUser,
  findStepsOfInstances,
  type OwnApplicationRow,
} from "./me.repository";

/**
 * The signed-in member's own pages (我的档案, 我的入团申请; issue 10 part 7): their record, their archive
 * timeline and their applications. A user only ever reaches their own data — every read starts from
 * the actor's user id — so there is nothing to authorize beyond being signed in; an account without a
 * member record (or without an application) gets 404.
 */

/** Whether text read from the database is a state of member development. */
function isDevelopmentState(value: string): value is DevelopmentState {
  return (DEVELOPMENT_STATES as readonly string[]).includes(value);
}

function noMemberRecord(): HttpError {
  return new HttpError(404, "not_found", "您的账号没有关联团员档案 / your account has no member record");
}

async function ownMemberId(db: Database, actor: Actor): Promise<number> {
  const memberId = actor.userId === null ? null : await findMemberIdOfUser(db, actor.userId);
  if (memberId === null) throw noMemberRecord();
  return memberId;
}

/**
 * The signed-in member's own record (我的档案): name, sex, ethnicity, birth date and age on `today`,
 * member number, join date, status, branch, education, occupation, political status; citizen ID and
 * phone masked (domain.md §2: shown in full only to the administrators of the member's subtree and
 * the branch secretary, so a phone screen never shows them). Errors: 404 when the account has no
 * member record (app_user.member_id).
 */
export async function getOwnRecord(db: Database, actor: Actor, today: string) {
  const found = await findMemberWithBranch(db, await ownMemberId(db, actor));
  if (!found) throw noMemberRecord();
  const { record, branch } = found;
  const status = record.status as MemberStatus;
  return {
    id: record.id,
    name: record.name,
    sex: record.sex,
    ethnicity: record.ethnicity,
    birthDate: record.birthDate,
    age: ageOn(record.birthDate, today),
    citizenId: maskCitizenId(record.citizenId),
    phone: maskPhone(record.phone),
    memberNumber: record.memberNumber,
    joinedOn: record.joinedOn,
    status,
    statusLabel: MEMBER_STATUS_LABELS[status].zh,
    statusSince: record.statusSince,
    education: record.education,
    occupation: record.occupation,
    politicalStatus: record.politicalStatus,
    organization: { id: branch.id, name: branch.name },
    verified: record.verifiedAt !== null,
  };
}

/**
 * The signed-in member's archive timeline (电子团员档案), oldest first, as the branch sees it
 * (archive.service listMemberEvents) but keyed by their own account. Errors: 404 without a member record.
 */
export async function listOwnArchive(db: Database, actor: Actor) {
  const memberId = await ownMemberId(db, actor);
  const events = await findMemberEvents(db, memberId, await countyOfMember(db, memberId));
  return events.map((event) => ({
    id: event.id,
    kind: event.kind as MemberEventKind,
    occurredOn: event.occurredOn,
    recordedAt: event.recordedAt.toISOString(),
    actorName: event.actorName,
    summary: event.summary,
    detail: event.detail,
  }));
}

/** Who takes a step, as an applicant reads it. */
const PLACE_LABELS: Readonly<Record<"own_organization" | "higher_committee" | "subject", Label>> = {
  own_organization: { zh: "团支部", en: "The branch" },
  higher_committee: { zh: "上级团委", en: "The higher committee" },
  subject: { zh: "申请人本人", en: "You" },
};

/** A step of the main line as the applicant sees it: done (with its date), next, or to come. */
export type OwnStepStatus = "done" | "next" | "pending";

/** The main line (申请 → … → 归档) with each step's status and date. */
function mainLineSteps(
  row: OwnApplicationRow,
  recorded: Readonly<Partial<Record<DevelopmentDateField, string>>>,
) {
  const mainLine = DEVELOPMENT_WORKFLOW.mainLine;
  let reached = -1;
  mainLine.forEach((_state, index) => {
    const field = DEVELOPMENT_DATE_STEPS[index]?.field;
    if (field !== undefined && recorded[field] !== undefined) reached = index;
  });
  const open = row.closedAt === null && row.state !== "deferred";
  return mainLine.map((state, index) => {
    const step = DEVELOPMENT_DATE_STEPS[index];
    const status: OwnStepStatus =
      index <= reached ? "done" : index === reached + 1 && open ? "next" : "pending";
    const previous = mainLine[index - 1];
    const by = previous === undefined ? null : (DEVELOPMENT_WORKFLOW.awaiting[previous]?.place ?? null);
    return {
      state,
      label: DEVELOPMENT_STATE_LABELS[state].zh,
      dateLabel: step?.label ?? "",
      date: status === "done" && step ? (recorded[step.field] ?? null) : null,
      status,
      by: by === null ? null : PLACE_LABELS[by].zh,
    };
  });
}

function actionLabel(action: string): string {
  if (action === "open") return "递交入团申请";
  return DEVELOPMENT_WORKFLOW.transitions.find((each) => each.action === action)?.label.zh ?? action;
}

/**
 * The signed-in applicant's applications (我的入团申请), newest first: state and its label, the main
 * line with each step done (and its date), next (and who takes it) or to come, the timeline of steps
 * taken (with a return's, deferral's or rejection's reason), and the points of the applicable scheme
 * (积分入团: items, total, threshold) with every missing prerequisite listed. Errors: 404 when the
 * account has no application.
 */
export async function listOwnApplications(db: Database, actor: Actor, today: string) {
  const rows = actor.userId === null ? [] : await findApplicationsOfUser(db, actor.userId);
  if (rows.length === 0) {
    throw new HttpError(404, "not_found", "您的账号没有入团申请 / your account has no application");
  }
  const steps = await findStepsOfInstances(
    db,
    rows.map((row) => row.instanceId),
  );
  const year = Number(today.slice(0, 4));
  return Promise.all(
    rows.map(async (row) => {
      const own = steps.filter((step) => step.instanceId === row.instanceId);
      const recorded = developmentData(row).recorded;
      const { scheme } = await resolvePointsScheme(db, row.organizationPath);
      const scored = (await scoreApplications(db, scheme, [row.id], year)).get(row.id);
      if (!scored) throw new Error(`application ${row.id} not scored`);
      const points = describePoints(scheme, scored);
      const state: DevelopmentState = isDevelopmentState(row.state) ? row.state : "applied";
      return {
        id: row.id,
        name: row.name,
        organization: { id: row.organizationId, name: row.organizationName },
        state,
        stateLabel: DEVELOPMENT_STATE_LABELS[state].zh,
        pausedFromLabel:
          row.pausedFrom && isDevelopmentState(row.pausedFrom)
            ? DEVELOPMENT_STATE_LABELS[row.pausedFrom].zh
            : null,
        applicationDate: row.applicationDate,
        memberNumber: row.memberNumber,
        closed: row.closedAt !== null,
        steps: mainLineSteps(row, recorded),
        timeline: own.map((step) => {
          const reason = (step.payload as Record<string, unknown> | null)?.reason;
          return {
            occurredOn: step.occurredOn,
            action: step.action,
            actionLabel: actionLabel(step.action),
            toState: step.toState,
            toStateLabel: isDevelopmentState(step.toState)
              ? DEVELOPMENT_STATE_LABELS[step.toState].zh
              : step.toState,
            reason: typeof reason === "string" ? reason : null,
          };
        }),
        points: {
          total: points.total,
          threshold: points.threshold,
          meetsThreshold: points.meetsThreshold,
          items: points.items,
          missing: points.missing.map((failure) => failure.message),
        },
      };
    }),
  );
}
