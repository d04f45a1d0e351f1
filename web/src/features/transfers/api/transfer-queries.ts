import { queryOptions } from "@tanstack/react-query";
import type { GuardFailure, GuardWarning, TransferAction, TransferState } from "@tuanwu/domain";
import { api } from "../../../api/client";
import { ApiError, isApiErrorBody, toApiError, unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { components, paths } from "../../../api/schema";
import { downloadFile } from "../../../api/transfer";

/** A transfer's page (组织关系转接详情): member (masked until accepted), sides, history, the user's actions. */
export type TransferDetail = components["schemas"]["TransferDetail"];
/** POST /transfers: memberId (or citizenId + name from the receiving side), toOrganizationId, reason, kind, startedOn. */
export type TransferStartBody = components["schemas"]["TransferStartInputInput"];
/** An organization's open transfers by step and age (转接工作台). */
export type TransferWorklist = components["schemas"]["TransferWorklist"];
/** A committee's backlog per child (转接积压). */
export type TransferBacklog = components["schemas"]["TransferBacklog"];
/** POST /organizations/{id}/transfer-batches: the class batch (毕业班批量转接). */
export type TransferBatchBody = NonNullable<
  paths["/api/v1/organizations/{id}/transfer-batches"]["post"]["requestBody"]
>["content"]["application/json"];
/** What a class batch started: transfers and 流动团员 stays. */
export type TransferBatchResult = components["schemas"]["TransferBatchResult"];
/** One card of the indicator catalog (the season's rates are among them). */
export type IndicatorCard = components["schemas"]["IndicatorCard"];

/** The season's rates in the indicator catalog (added by the transfer-rates work, issue 11 part 7). */
export const TRANSFER_RATE_INDICATOR_IDS = [
  "transfer_school_to_society_rate",
  "transfer_school_to_school_rate",
  "transfer_employer_rate",
  "transfer_on_time_share",
  "transfer_median_days",
] as const;

/** The work list's filters (GET /organizations/{id}/transfer-worklist). */
export interface WorklistFilters {
  state?: TransferState;
  overdueOnly?: boolean;
}

/** GET /organizations/{id}/transfer-worklist: open transfers by step and age, overdue flagged, counts. */
export function worklistQuery(organizationId: number, filters: WorklistFilters = {}) {
  return queryOptions({
    queryKey: [...queryKeys.transfers, "worklist", organizationId, filters],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/transfer-worklist", {
          params: {
            path: { id: organizationId },
            query: {
              state: filters.state,
              overdueOnly: filters.overdueOnly ? "true" : undefined,
            },
          },
        }),
      ),
  });
}

/** GET /organizations/{id}/transfer-backlog: a committee's open transfers awaiting in each child's subtree. */
export function backlogQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...queryKeys.transfers, "backlog", organizationId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/transfer-backlog", { params: { path: { id: organizationId } } }),
      ),
  });
}

/** GET /transfers/{id}: the transfer's page. */
export function transferQuery(transferId: number) {
  return queryOptions({
    queryKey: [...queryKeys.transfers, "transfer", transferId],
    queryFn: () => unwrap(api.GET("/api/v1/transfers/{id}", { params: { path: { id: transferId } } })),
  });
}

/**
 * GET /organizations/{id}/indicators?ids=…: the season's rates (学社衔接率, 升学衔接率, 转接率, on-time
 * share, median days) for the subtree; an id the catalog does not hold is simply absent.
 */
export function transferRatesQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...queryKeys.indicators, "transfer-rates", organizationId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/indicators", {
          params: { path: { id: organizationId }, query: { ids: TRANSFER_RATE_INDICATOR_IDS.join(",") } },
        }),
      ),
  });
}

/** POST /transfers: start a transfer (201 → its page). 400 names the field; 409 one is already open. */
export function startTransfer(body: TransferStartBody) {
  return unwrap(api.POST("/api/v1/transfers", { body }));
}

/** POST /organizations/{id}/transfers/incoming-letters: an incoming paper letter (组织关系介绍信) and the member's record. */
export type IncomingLetterBody = components["schemas"]["IncomingLetterInputInput"];

/**
 * POST /organizations/{branchId}/transfers/incoming-letters: registers an incoming paper letter as a
 * completed transfer in (201 → its page). 400 names the field (member fields as "member.<field>" or
 * the field alone); 409 the citizen ID is already a member's, or the letter is already registered.
 */
export function registerIncomingLetter(branchId: number, body: IncomingLetterBody) {
  return unwrap(
    api.POST("/api/v1/organizations/{id}/transfers/incoming-letters", {
      params: { path: { id: branchId } },
      body,
    }),
  );
}

/** POST /organizations/{id}/transfer-batches: a graduating class's transfers (all or nothing; 400 names each row). */
export function startClassBatch(classOrganizationId: number, body: TransferBatchBody) {
  return unwrap(
    api.POST("/api/v1/organizations/{id}/transfer-batches", {
      params: { path: { id: classOrganizationId } },
      body,
    }),
  );
}

/**
 * A refused step: 409 (someone else already handled it, or it is no longer available), 422 (conditions
 * unmet, all listed, and/or warnings the user must confirm), 403 (not this user's step).
 */
export class TransferStepError extends ApiError {
  readonly failures: GuardFailure[];
  readonly warnings: GuardWarning[];

  constructor(error: ApiError, failures: GuardFailure[], warnings: GuardWarning[]) {
    super(error.status, error.code, error.message, error.field);
    this.name = "TransferStepError";
    this.failures = failures;
    this.warnings = warnings;
  }
}

function listOf<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** The failures and warnings of a refusal body (under `error`, or at the top). */
export function transferStepErrorOf(body: unknown, error: ApiError): TransferStepError {
  const outer = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const inner = isApiErrorBody(body) ? (body.error as unknown as Record<string, unknown>) : {};
  return new TransferStepError(
    error,
    listOf<GuardFailure>(inner.failures ?? outer.failures),
    listOf<GuardWarning>(inner.warnings ?? outer.warnings),
  );
}

/** The body of a step: the action, the version the user saw, what the step records. */
export interface TransferStepBody {
  action: TransferAction;
  version: number;
  payload: Record<string, unknown>;
}

/** POST /transfers/{id}/transitions: take one step; 200 → the page, else a {@link TransferStepError}. */
export async function transitionTransfer(
  transferId: number,
  body: TransferStepBody,
): Promise<TransferDetail> {
  const answer = await api.POST("/api/v1/transfers/{id}/transitions", {
    params: { path: { id: transferId } },
    body,
  });
  const response: Response = answer.response;
  if (answer.error !== undefined || !response.ok) {
    throw transferStepErrorOf(answer.error, toApiError(answer.error, response));
  }
  if (answer.data === undefined) throw new ApiError(response.status, "empty_response", "empty response body");
  return answer.data;
}

/** The id of the member's latest transfer, from their archive's transfer entries (detail.transferId). */
export function latestTransferIdOf(events: readonly { kind: string; detail: unknown }[]): number | undefined {
  let latest: number | undefined;
  for (const event of events) {
    if (event.kind !== "transfer_started") continue;
    const detail = event.detail as { transferId?: unknown } | null;
    if (typeof detail?.transferId === "number") latest = detail.transferId;
  }
  return latest;
}

/** Members of a subtree matching `q` with a given status (the single start: active members of the branch). */
export function transferMemberOptionsQuery(organizationId: number, q: string, status: "active" = "active") {
  return queryOptions({
    queryKey: [...queryKeys.members, "transfer-options", organizationId, q, status],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/members", {
          params: { path: { id: organizationId }, query: { q: q || undefined, status, pageSize: 50 } },
        }),
      ),
  });
}

/** GET /me/record (the member's own record; 404 for an account without one), shared with 我的档案's cache. */
export const ownRecordQuery = queryOptions({
  queryKey: [...queryKeys.myPages, "record"],
  queryFn: () => unwrap(api.GET("/api/v1/me/record")),
});

/** GET /me/archive: the member's archive timeline (its transfer entries carry the transfer's id). */
export const ownArchiveQuery = queryOptions({
  queryKey: [...queryKeys.myPages, "archive"],
  queryFn: async () => (await unwrap(api.GET("/api/v1/me/archive"))).items,
});

/** The season settings that apply at an organization for a year (毕业季设置): deadlines, mobile-branch months. */
export type TransferSeason = components["schemas"]["TransferSeasonView"];
/** PUT /organizations/{id}/transfer-seasons/{year}: a committee's own deadlines and months. */
export type TransferSeasonBody = NonNullable<
  paths["/api/v1/organizations/{id}/transfer-seasons/{year}"]["put"]["requestBody"]
>["content"]["application/json"];
/** A flowing member (流动团员): outflow branch, inflow organization, since / until, reminder. */
export type MemberFlow = components["schemas"]["MemberFlowView"];
/** Which flows: out of the subtree, into it, or both. */
export type FlowDirection = "outflow" | "inflow" | "both";

/** GET /organizations/{id}/transfer-seasons/{year}: the settings that apply (own, an ancestor's, or the default). */
export function transferSeasonQuery(organizationId: number, year: number) {
  return queryOptions({
    queryKey: [...queryKeys.transfers, "season", organizationId, year],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/transfer-seasons/{year}", {
          params: { path: { id: organizationId, year } },
        }),
      ),
  });
}

/** PUT /organizations/{id}/transfer-seasons/{year}: 400 names the deadline out of order or the months (6–12). */
export function saveTransferSeason(organizationId: number, year: number, body: TransferSeasonBody) {
  return unwrap(
    api.PUT("/api/v1/organizations/{id}/transfer-seasons/{year}", {
      params: { path: { id: organizationId, year } },
      body,
    }),
  );
}

/** PUT /organizations/{id}/graduation-date: a class branch's 毕业时间 (null clears it). */
export function saveGraduationDate(organizationId: number, graduatesOn: string | null) {
  return unwrap(
    api.PUT("/api/v1/organizations/{id}/graduation-date", {
      params: { path: { id: organizationId } },
      body: { graduatesOn },
    }),
  );
}

/** GET /organizations/{id}/member-flows?direction=: open 流动团员 of the subtree, reminders due. */
export function memberFlowsQuery(organizationId: number, direction: FlowDirection) {
  return queryOptions({
    queryKey: [...queryKeys.transfers, "flows", organizationId, direction],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/member-flows", {
          params: { path: { id: organizationId }, query: { direction } },
        }),
      ),
  });
}

/** POST /members/{id}/flows: the outflow branch sets up a flowing member (409 one is already open). */
export function startMemberFlow(
  memberId: number,
  body: { inflowOrganizationId: number; since: string; until?: string },
) {
  return unwrap(api.POST("/api/v1/members/{id}/flows", { params: { path: { id: memberId } }, body }));
}

/** POST /member-flows/{id}/end: either side ends a flow. */
export function endMemberFlow(flowId: number, endedOn: string) {
  return unwrap(
    api.POST("/api/v1/member-flows/{id}/end", { params: { path: { id: flowId } }, body: { endedOn } }),
  );
}

/** POST /transfers/{id}/letter: issue the introduction letter (201 new, 200 the one already issued). */
export function issueTransferLetter(transferId: number) {
  return unwrap(api.POST("/api/v1/transfers/{id}/letter", { params: { path: { id: transferId } } }));
}

/** GET /transfers/{id}/letter.docx | letter.pdf: the issued letter, handed to the browser (503 no CJK font for PDF). */
export function downloadTransferLetter(transferId: number, format: "docx" | "pdf"): Promise<void> {
  const parameters = { path: { id: transferId } };
  return format === "docx"
    ? downloadFile("/api/v1/transfers/{id}/letter.docx", parameters, `transfer-letter-${transferId}.docx`)
    : downloadFile("/api/v1/transfers/{id}/letter.pdf", parameters, `transfer-letter-${transferId}.pdf`);
}

/** An organization that can receive a transfer, from the installation-wide lookup: id, name, kind, ancestors' names. */
export type TransferDestination = components["schemas"]["TransferDestination"];

/** GET /transfers/destinations?q=: receiving organizations of the whole installation by name (2+ characters, at most 20). */
export function transferDestinationsQuery(q: string) {
  return queryOptions({
    queryKey: [...queryKeys.transfers, "destinations", q],
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/transfers/destinations", { params: { query: { q } } }))).items,
  });
}
