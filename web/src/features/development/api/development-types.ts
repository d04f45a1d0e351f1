import type { DevelopmentAction, DevelopmentState, GuardFailure, GuardWarning } from "@tuanwu/domain";

/**
 * Shapes of the member development API (发展团员, issue 10; /work/notes contract: routes under /api/v1).
 * Written from the team's contract while the server is built; they follow the generated schema
 * (api/schema.d.ts) once it lists the routes.
 */

/** A person's points against the applicable scheme (积分入团): scoreApplicant() on the server. */
export interface ApplicationPointsSummary {
  total: number;
  meetsThreshold: boolean;
  missingCount: number;
}

/** One row of GET /organizations/{id}/applications (the pipeline board). */
export interface ApplicationListItem {
  id: number;
  name: string;
  /** Masked (5108**********123X) unless the role has member:read_personal. */
  citizenId: string;
  organizationId: number;
  organizationName: string;
  state: DevelopmentState;
  stateLabel: string;
  version: number;
  applicationDate: string;
  points: ApplicationPointsSummary;
  openedAt: string;
}

export interface ApplicationPage {
  items: ApplicationListItem[];
  total: number;
  page: number;
  pageSize: number;
}

/** One step of an application's timeline. */
export interface ApplicationStep {
  sequence: number;
  action: string;
  actionLabel: string;
  fromState: string | null;
  toState: string;
  toStateLabel: string;
  occurredOn: string;
  actorName: string;
  /** What the step recorded, in words (dates, mentors, vote, reason). */
  summary: string;
  acknowledgedWarnings: string[];
  recordedAt: string;
}

/** An item of the points scheme as applied to the applicant. */
export interface ApplicationPointsItem {
  code: string;
  label: string;
  units: number;
  points: number;
  requiredMinimum: number | null;
  missing: boolean;
}

export interface NamedPerson {
  id: number;
  name: string;
}

/** GET /applications/{id}: the application's page. */
export interface ApplicationDetail {
  id: number;
  instanceId: number;
  organizationId: number;
  organizationName: string;
  name: string;
  sex: "male" | "female";
  citizenId: string;
  birthDate: string;
  phone: string | null;
  ethnicity: string | null;
  schoolLevel: string | null;
  grade: number | null;
  graduatingClass: boolean;
  applicationDate: string;
  state: DevelopmentState;
  stateLabel: string;
  pausedFrom: DevelopmentState | null;
  version: number;
  closed: boolean;
  /** Dates recorded by the steps of the current chain, by field (a return clears later ones). */
  recorded: Record<string, string>;
  candidateSource: string | null;
  mentors: NamedPerson[];
  sponsors: NamedPerson[];
  vote: { votingMembers: number; present: number; yes: number } | null;
  memberNumber: string | null;
  memberId: number | null;
  applicantUserId: number | null;
  timeline: ApplicationStep[];
  /** The actions this user may take now (domain availableActions): the buttons shown. */
  availableActions: { action: DevelopmentAction; label: string }[];
  /** The earlier steps a return may name (domain earlierSteps). */
  returnTargets: { state: DevelopmentState; label: string }[];
  points: {
    total: number;
    threshold: number;
    meetsThreshold: boolean;
    missingCount: number;
    items: ApplicationPointsItem[];
    missing: GuardFailure[];
  };
  /** The quota an approval would draw on (available null: none allotted this year). */
  quota: { year: number; available: number | null } | null;
}

/** POST /organizations/{id}/applications: a written application 入团申请 registered by the branch. */
export interface RegisterApplicationBody {
  name: string;
  sex: "male" | "female";
  citizenId: string;
  birthDate: string;
  phone?: string;
  ethnicity?: string;
  schoolLevel?: string;
  grade?: number;
  graduatingClass?: boolean;
  applicationDate: string;
}

/** POST /applications/{id}/transitions. */
export interface TransitionBody {
  action: DevelopmentAction;
  version: number;
  payload: Record<string, unknown>;
}

/** POST /organizations/{id}/applications/batch-transitions. */
export interface BatchTransitionBody {
  action: DevelopmentAction;
  items: { applicationId: number; version: number }[];
  payload: Record<string, unknown>;
}

export interface BatchTransitionResult {
  applicationId: number;
  ok: boolean;
  status: number;
  version: number | null;
  failures: GuardFailure[];
}

/** A refused transition: 409 (stale or no longer available), 422 (failures and/or warnings to confirm). */
export interface TransitionRefusal {
  status: number;
  message: string;
  failures: GuardFailure[];
  warnings: GuardWarning[];
}
