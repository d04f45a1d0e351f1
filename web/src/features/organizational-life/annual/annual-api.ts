import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { csrfHeaders, redirectToLogin } from "../../../api/client";
import { toApiError } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";

/**
 * The annual cycle's API (年度工作: 团员教育评议 and 团籍注册; contract-o.md "API", all under /api/v1).
 * Typed fetch wrappers written against the contract's paths while the generated client
 * (api/schema.d.ts) does not hold them yet; the shapes below are the contract's. Only this module
 * fetches; the pages use the hooks.
 */

/** The four grades of the education review (domain.md §5: 优秀 at most 30% of a branch). */
export const REVIEW_GRADES = ["excellent", "qualified", "basically_qualified", "unqualified"] as const;
export type ReviewGrade = (typeof REVIEW_GRADES)[number];

/** Counts of each grade in a campaign's progress. */
export type GradeCounts = Record<ReviewGrade, number>;

/** An education-review campaign covering the organization, with progress in the caller's view. */
export interface ReviewCampaign {
  id: number;
  organizationId: number;
  organizationName?: string;
  year: number;
  opensOn: string;
  closesOn: string;
  closedAt?: string | null;
  /** Whether this user may close it (the server decides; the button follows). */
  mayClose?: boolean;
  progress: {
    branches: number;
    submitted: number;
    approved: number;
    gradeCounts: GradeCounts;
  };
}

/** One branch's row in a campaign (GET /education-review-campaigns/{id}/branches). */
export interface ReviewBranchRow {
  branchReviewId: number | null;
  organizationId: number;
  name: string;
  /** draft | submitted | approved | returned, or null when the branch has not started. */
  state: string | null;
  members: number;
  graded: number;
  /** Share of 优秀 among the branch's members, 0–1. */
  excellentShare: number | null;
}

/** A transition the server says the caller may take now (e.g. submit, approve, return). */
export interface ReviewAction {
  action: string;
  label?: string;
}

/** A member's line in a branch review. */
export interface ReviewMember {
  memberId: number;
  name: string;
  selfAssessment: string | null;
  grade: ReviewGrade | null;
}

/** A branch's review (GET /organizations/{branchId}/education-review?campaignId=, PUT /branch-education-reviews/{id}). */
export interface BranchReview {
  id: number;
  campaignId: number;
  organizationId?: number;
  organizationName?: string;
  year?: number;
  /** branch_review (the branch edits) | awaiting_committee_approval | approved. */
  state: string;
  /** The engine instance's version, sent back with a transition (a stale page is refused). */
  version?: number;
  meetingHeldOn: string | null;
  rollCount: number;
  attendeesCount: number | null;
  members: ReviewMember[];
  /** Strings or {action, label}: the transitions open to the caller (see `actionsOf`). */
  actions: (string | ReviewAction)[];
  returnReason?: string | null;
}

/** PUT /branch-education-reviews/{id}: the draft's meeting and grades. */
export interface BranchReviewBody {
  meetingHeldOn?: string;
  attendeesCount?: number;
  grades: { memberId: number; selfAssessment?: string; grade?: ReviewGrade }[];
}

/** A registration campaign with progress. */
export interface RegistrationCampaign {
  id: number;
  organizationId: number;
  organizationName?: string;
  year: number;
  opensOn: string;
  closesOn: string;
  closedAt?: string | null;
  /** Whether this user may close it (the server decides; the button follows). */
  mayClose?: boolean;
  progress?: { members?: number; registered?: number; deferred?: number; unregistered?: number };
}

export type RegistrationStatus = "registered" | "deferred" | "unregistered";

/** A member of the branch roll in a registration campaign. */
export interface RegistrationMember {
  memberId: number;
  name: string;
  reviewGrade: ReviewGrade | null;
  status: RegistrationStatus | null;
  deferredUntil: string | null;
  reason: string | null;
  eligible: boolean;
  problem: string | null;
}

/** PUT /registration-campaigns/{campaignId}/members/{memberId}. */
export interface RegistrationBody {
  status: RegistrationStatus;
  deferredUntil?: string;
  reason?: string;
}

/** GET /me/education-reviews: the member's grades by year. */
export interface OwnReviewGrade {
  year: number;
  grade: ReviewGrade | null;
  selfAssessment?: string | null;
  state?: string;
  organizationName?: string;
}

/** GET /me/registrations: the member's registrations by year. */
export interface OwnRegistration {
  year: number;
  status: RegistrationStatus | null;
  deferredUntil?: string | null;
  reason?: string | null;
}

/** Lists may come bare or as {items}; both read as an array. */
function itemsOf<T>(value: T[] | { items: T[] }): T[] {
  return Array.isArray(value) ? value : value.items;
}

/** The normalized actions of a review: `{action, label?}` whatever shape the server sent. */
export function actionsOf(review: Pick<BranchReview, "actions">): ReviewAction[] {
  return review.actions.map((entry) => (typeof entry === "string" ? { action: entry } : entry));
}

const SAFE = new Set(["GET", "HEAD"]);

/** One JSON call to /api/v1 (session cookie, CSRF header on writes); a failure throws `ApiError`. */
export async function requestJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = SAFE.has(method) ? {} : { ...csrfHeaders() };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`/api/v1${path}`, {
    method,
    credentials: "include",
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    if (response.status === 401) redirectToLogin();
    throw toApiError(json, response);
  }
  return json as T;
}

const ANNUAL = [...queryKeys.meetings, "annual"] as const;

/** GET /organizations/{id}/education-review-campaigns (own and ancestors' campaigns). */
export function reviewCampaignsQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...ANNUAL, "review-campaigns", organizationId],
    queryFn: async () =>
      itemsOf(
        await requestJson<ReviewCampaign[] | { items: ReviewCampaign[] }>(
          "GET",
          `/organizations/${organizationId}/education-review-campaigns`,
        ),
      ),
  });
}

/** GET /education-review-campaigns/{campaignId}/branches?organizationId=. */
export function reviewBranchesQuery(campaignId: number, organizationId: number) {
  return queryOptions({
    queryKey: [...ANNUAL, "review-branches", campaignId, organizationId],
    queryFn: async () =>
      itemsOf(
        await requestJson<ReviewBranchRow[] | { items: ReviewBranchRow[] }>(
          "GET",
          `/education-review-campaigns/${campaignId}/branches?organizationId=${organizationId}`,
        ),
      ),
  });
}

/** GET /organizations/{branchId}/education-review?campaignId= (read only; created when the campaign opened). */
export function branchReviewQuery(branchId: number, campaignId: number) {
  return queryOptions({
    queryKey: [...ANNUAL, "branch-review", branchId, campaignId],
    queryFn: () =>
      requestJson<BranchReview>(
        "GET",
        `/organizations/${branchId}/education-review?campaignId=${campaignId}`,
      ),
  });
}

/** GET /branch-education-reviews/{id}: a review by id, read only (the detail route). */
export function reviewQuery(branchId: number, reviewId: number) {
  return queryOptions({
    queryKey: [...ANNUAL, "review", branchId, reviewId],
    queryFn: () => requestJson<BranchReview>("GET", `/branch-education-reviews/${reviewId}`),
  });
}

/** GET /organizations/{id}/registration-campaigns. */
export function registrationCampaignsQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...ANNUAL, "registration-campaigns", organizationId],
    queryFn: async () =>
      itemsOf(
        await requestJson<RegistrationCampaign[] | { items: RegistrationCampaign[] }>(
          "GET",
          `/organizations/${organizationId}/registration-campaigns`,
        ),
      ),
  });
}

/** GET /registration-campaigns/{campaignId}/members?organizationId={branch}. */
export function registrationMembersQuery(campaignId: number, branchId: number) {
  return queryOptions({
    queryKey: [...ANNUAL, "registration-members", campaignId, branchId],
    queryFn: async () =>
      itemsOf(
        await requestJson<RegistrationMember[] | { items: RegistrationMember[] }>(
          "GET",
          `/registration-campaigns/${campaignId}/members?organizationId=${branchId}`,
        ),
      ),
  });
}

/** GET /me/education-reviews. */
export const ownReviewsQuery = queryOptions({
  queryKey: [...queryKeys.myPages, "education-reviews"],
  queryFn: async () =>
    itemsOf(
      await requestJson<OwnReviewGrade[] | { items: OwnReviewGrade[] }>("GET", "/me/education-reviews"),
    ),
});

/** GET /me/registrations. */
export const ownRegistrationsQuery = queryOptions({
  queryKey: [...queryKeys.myPages, "registrations"],
  queryFn: async () =>
    itemsOf(await requestJson<OwnRegistration[] | { items: OwnRegistration[] }>("GET", "/me/registrations")),
});

export const useReviewCampaigns = (organizationId: number) => useQuery(reviewCampaignsQuery(organizationId));
export const useRegistrationCampaigns = (organizationId: number) =>
  useQuery(registrationCampaignsQuery(organizationId));

/** A write of the annual cycle: refreshes every annual query (progress, rows, the member's pages). */
function useAnnualMutation<Variables, Result>(mutationFn: (variables: Variables) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ANNUAL });
      await queryClient.invalidateQueries({ queryKey: queryKeys.reviews });
    },
  });
}

/** POST /organizations/{id}/education-review-campaigns or /registration-campaigns (committee only). */
export function useOpenCampaign(organizationId: number, kind: "review" | "registration") {
  const path = kind === "review" ? "education-review-campaigns" : "registration-campaigns";
  return useAnnualMutation((body: { year: number; opensOn: string; closesOn: string }) =>
    requestJson<ReviewCampaign | RegistrationCampaign>(
      "POST",
      `/organizations/${organizationId}/${path}`,
      body,
    ),
  );
}

/**
 * POST /education-review-campaigns/{id}/close or /registration-campaigns/{id}/close (the committee
 * that opened it or above); afterwards the campaign's reviews or registrations are read-only.
 */
export function useCloseCampaign(campaignId: number, kind: "review" | "registration") {
  const path = kind === "review" ? "education-review-campaigns" : "registration-campaigns";
  return useAnnualMutation(() =>
    requestJson<ReviewCampaign | RegistrationCampaign>("POST", `/${path}/${campaignId}/close`),
  );
}

/**
 * POST /organizations/{branchId}/education-review {campaignId}: starts the review of a branch made after
 * the campaign opened (member:write on the branch; idempotent; 409 campaign_closed).
 */
export function useStartBranchReview(branchId: number) {
  return useAnnualMutation((body: { campaignId: number }) =>
    requestJson<BranchReview>("POST", `/organizations/${branchId}/education-review`, body),
  );
}

/** PUT /branch-education-reviews/{id} (draft; 400 names grades.{i}.memberId). */
export function useSaveReview(reviewId: number) {
  return useAnnualMutation((body: BranchReviewBody) =>
    requestJson<BranchReview>("PUT", `/branch-education-reviews/${reviewId}`, body),
  );
}

/** POST /branch-education-reviews/{id}/transitions {action, reason?}. */
export function useReviewTransition(reviewId: number) {
  return useAnnualMutation((body: { action: string; reason?: string; version?: number }) =>
    requestJson<unknown>("POST", `/branch-education-reviews/${reviewId}/transitions`, body),
  );
}

/** PUT /registration-campaigns/{campaignId}/members/{memberId}. */
export function useSetRegistration(campaignId: number) {
  return useAnnualMutation(({ memberId, ...body }: RegistrationBody & { memberId: number }) =>
    requestJson<unknown>("PUT", `/registration-campaigns/${campaignId}/members/${memberId}`, body),
  );
}

/** POST /registration-campaigns/{campaignId}/register-eligible {organizationId} → {registered}. */
export function useRegisterEligible(campaignId: number) {
  return useAnnualMutation((organizationId: number) =>
    requestJson<{ registered: number }>("POST", `/registration-campaigns/${campaignId}/register-eligible`, {
      organizationId,
    }),
  );
}
