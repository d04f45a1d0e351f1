import { type SQL, sql } from "drizzle-orm";

/**
 * The two yearly campaigns a committee opens for its subtree (domain.md §5; issue 12 parts 2–3):
 * the education review 团员教育评议 and the annual registration 团籍注册. They share one shape
 * (organization, year, opens_on, closes_on, closed_at; one per branch a year) and one module
 * (campaign.service.ts); this table holds what differs between them.
 */
export type CampaignKind = "review" | "registration";

/** Every campaign kind, in CLI order. */
export const CAMPAIGN_KINDS: readonly CampaignKind[] = ["review", "registration"];

/** What one kind of campaign is called and where it is kept. */
export interface CampaignKindDefinition {
  kind: CampaignKind;
  /** Its table (a trusted constant). */
  table: SQL;
  /** Its access kind and audit entity type. */
  entityType: "education_review_campaign" | "registration_campaign";
  /** Its Chinese name, in messages: 团员教育评议 / 团籍注册. */
  label: string;
  /** What a 404 names. */
  noun: string;
  /** The URL segment of its routes. */
  segment: "education-review-campaigns" | "registration-campaigns";
  /** The OpenAPI tag and the component id of a campaign as answered. */
  tag: "education-reviews" | "registrations";
  schemaId: "EducationReviewCampaign" | "RegistrationCampaign";
  openSummary: string;
}

/** The kinds' definitions. */
export const CAMPAIGN_KIND_DEFINITIONS: Record<CampaignKind, CampaignKindDefinition> = {
  review: {
    kind: "review",
    table: sql.raw("education_review_campaign"),
    entityType: "education_review_campaign",
    label: "团员教育评议",
    noun: "教育评议",
    segment: "education-review-campaigns",
    tag: "education-reviews",
    schemaId: "EducationReviewCampaign",
    openSummary: "发起教育评议 Open the year's education review for a committee's subtree",
  },
  registration: {
    kind: "registration",
    table: sql.raw("registration_campaign"),
    entityType: "registration_campaign",
    label: "团籍注册",
    noun: "团籍注册",
    segment: "registration-campaigns",
    tag: "registrations",
    schemaId: "RegistrationCampaign",
    openSummary: "发起团籍注册 Open the year's registration for a committee's subtree",
  },
};
