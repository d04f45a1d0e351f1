import {
  DEVELOPMENT_WORKFLOW,
  EDUCATION_REVIEW_WORKFLOW,
  type Label,
  PARTY_RECOMMENDATION_WORKFLOW,
  STAR_RATING_WORKFLOW,
  TERM_ELECTION_WORKFLOW,
  TRANSFER_WORKFLOW,
} from "@tuanwu/domain";
import type { AnyWorkflowDefinition } from "./workflow-engine";

/** One workflow the server runs: its domain definition and where the web shows an instance. */
export interface WorkflowKind {
  definition: AnyWorkflowDefinition;
  /** The web page of an instance, from the id of the entity it is about (its data.entityId). */
  link: (entityId: number) => string;
}

/**
 * Every workflow the engine runs, by kind (the to-do inbox labels and links its items from here).
 * Adding a workflow adds one line (docs/ARCHITECTURE.md "How to add a workflow").
 */
export const WORKFLOW_KINDS: Readonly<Record<string, WorkflowKind>> = {
  [DEVELOPMENT_WORKFLOW.kind]: {
    definition: DEVELOPMENT_WORKFLOW,
    link: (entityId) => `/development/applications/${entityId}`,
  },
  [TRANSFER_WORKFLOW.kind]: {
    definition: TRANSFER_WORKFLOW,
    link: (entityId) => `/transfers/${entityId}`,
  },
  [TERM_ELECTION_WORKFLOW.kind]: {
    definition: TERM_ELECTION_WORKFLOW,
    // The web has no page per term: the 届期 view of the 团干部 tab lists the organization's terms,
    // the expiring ones and the election form (web/src/AppRoutes.tsx /orgs/:orgId/cadres?view=terms).
    link: (entityId) => `/cadres?view=terms&term=${entityId}`,
  },
  [EDUCATION_REVIEW_WORKFLOW.kind]: {
    definition: EDUCATION_REVIEW_WORKFLOW,
    link: (entityId) => `/education-reviews/${entityId}`,
  },
  [STAR_RATING_WORKFLOW.kind]: {
    definition: STAR_RATING_WORKFLOW,
    // The rating's page (web/src/AppRoutes.tsx /orgs/:orgId/star-ratings/:ratingId).
    link: (entityId) => `/star-ratings/${entityId}`,
  },
  [PARTY_RECOMMENDATION_WORKFLOW.kind]: {
    definition: PARTY_RECOMMENDATION_WORKFLOW,
    link: (entityId) => `/party-recommendations/${entityId}`,
  },
};

/** The kinds of {@link WORKFLOW_KINDS}, for the inbox's filter. */
export const WORKFLOW_KIND_NAMES = Object.keys(WORKFLOW_KINDS) as [string, ...string[]];

/** A kind's label, or the kind itself when unknown (an instance of a removed workflow). */
export function workflowKindLabel(kind: string): Label {
  return WORKFLOW_KINDS[kind]?.definition.label ?? { zh: kind, en: kind };
}

/** A state's label in a kind's definition, or the state itself. */
export function workflowStateLabel(kind: string, state: string): Label {
  const labels = WORKFLOW_KINDS[kind]?.definition.stateLabels as Record<string, Label> | undefined;
  return labels?.[state] ?? { zh: state, en: state };
}
