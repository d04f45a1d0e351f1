/** Paths of the annual cycle (年度工作). */
export const ANNUAL_VIEWS = ["review", "registration", "recommendation", "star-rating"] as const;
export type AnnualView = (typeof ANNUAL_VIEWS)[number];

export function annualPath(organizationId: number, view: AnnualView = "review"): string {
  return `/orgs/${organizationId}/annual?view=${view}`;
}

/** A branch's education review: the detail (and approval) page. */
export function educationReviewPath(organizationId: number, reviewId: number): string {
  return `/orgs/${organizationId}/education-reviews/${reviewId}`;
}
