import { queryOptions, useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys, useInvalidateEntity } from "../../../api/query-keys";
import type { components, paths } from "../../../api/schema";
import { postMultipart } from "../../../api/transfer";

/** A branch's month of dues (团费): the roll, each member's payment or none, expected amounts, the rate. */
export type MonthDues = components["schemas"]["MonthDues"];
/** Arrears of a subtree (欠缴名单) with the collection rate (收缴率) over a period. */
export type DuesArrears = components["schemas"]["DuesArrears"];
/** PUT /organizations/{id}/dues/{month}: the month's payments (members left out untouched). */
export type MonthDuesBody = NonNullable<
  paths["/api/v1/organizations/{id}/dues/{month}"]["put"]["requestBody"]
>["content"]["application/json"];

/** GET /organizations/{id}/dues?month=YYYY-MM. */
export function monthDuesQuery(organizationId: number, month: string) {
  return queryOptions({
    queryKey: [...queryKeys.meetings, "dues", organizationId, month],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/dues", {
          params: { path: { id: organizationId }, query: { month } },
        }),
      ),
  });
}

/** GET /organizations/{id}/dues/arrears (this January … last month by default). */
export function arrearsQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...queryKeys.meetings, "dues-arrears", organizationId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/dues/arrears", { params: { path: { id: organizationId } } }),
      ),
  });
}

export function useMonthDues(organizationId: number, month: string, enabled: boolean) {
  return useQuery({ ...monthDuesQuery(organizationId, month), enabled });
}

export function useArrears(organizationId: number) {
  return useQuery(arrearsQuery(organizationId));
}

/** Batch entry of a month (PUT /organizations/{id}/dues/{month}); a mismatch without a reason is a 400. */
export function useRecordDues(organizationId: number, month: string) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: (body: MonthDuesBody) =>
      unwrap(
        api.PUT("/api/v1/organizations/{id}/dues/{month}", {
          params: { path: { id: organizationId, month } },
          body,
        }),
      ),
    onSuccess: () => invalidateEntity({ entity: "meeting" }),
  });
}

/** POST /organizations/{id}/dues/import?month= with one .xlsx file (every bad row named; nothing written). */
export function useImportDues(organizationId: number, month: string) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append("file", file, file.name);
      return postMultipart(
        "/api/v1/organizations/{id}/dues/import",
        { path: { id: organizationId }, query: { month } },
        form,
      );
    },
    onSuccess: () => invalidateEntity({ entity: "meeting" }),
  });
}
