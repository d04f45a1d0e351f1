import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import { downloadFile } from "../../../api/transfer";
import {
  type EnteredDataEntries,
  type EnteredDataList,
  type EnteredDataPath,
  toDrillDownPage,
} from "./indicator-types";

/** Indicator ids as the API takes them: comma-separated, or undefined for "all". */
function idsParameter(ids: readonly string[] | undefined): string | undefined {
  return ids && ids.length > 0 ? ids.join(",") : undefined;
}

/** GET /indicators: the catalog, with names, definitions and sources. It changes with a release only. */
export function indicatorCatalogQuery() {
  return queryOptions({
    queryKey: [...queryKeys.indicators, "catalog"],
    queryFn: () => unwrap(api.GET("/api/v1/indicators")),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** GET /organizations/{id}/indicators?asOf=: every indicator for the subtree, with plan targets. */
export function organizationIndicatorsQuery(
  organizationId: number,
  asOf: string | undefined,
  ids?: readonly string[],
) {
  return queryOptions({
    queryKey: [...queryKeys.indicators, "values", organizationId, asOf ?? "today", ids?.join(",") ?? "all"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/indicators", {
          params: { path: { id: organizationId }, query: { asOf, ids: idsParameter(ids) } },
        }),
      ),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** GET /organizations/{id}/indicators/children?asOf=&ids=: the children side by side (下级对比). */
export function childrenIndicatorsQuery(
  organizationId: number,
  asOf: string | undefined,
  ids: readonly string[],
) {
  return queryOptions({
    queryKey: [...queryKeys.indicators, "children", organizationId, asOf ?? "today", ids.join(",")],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/indicators/children", {
          params: { path: { id: organizationId }, query: { asOf, ids: idsParameter(ids) } },
        }),
      ),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** GET /organizations/{id}/indicators/trend?ids=&from=&to=: month-end values, at most 36 months. */
export function indicatorTrendQuery(
  organizationId: number,
  ids: readonly string[],
  from: string,
  to: string,
) {
  return queryOptions({
    queryKey: [...queryKeys.indicators, "trend", organizationId, ids.join(","), from, to],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/indicators/trend", {
          params: { path: { id: organizationId }, query: { ids: idsParameter(ids) ?? "", from, to } },
        }),
      ),
    enabled: ids.length > 0,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export interface DrillDownRequest {
  organizationId: number;
  indicatorId: string;
  asOf: string | undefined;
  page: number;
  pageSize: number;
}

/** GET /organizations/{id}/indicators/{indicatorId}/drilldown: the members or organizations behind a number. */
export function drillDownQuery({ organizationId, indicatorId, asOf, page, pageSize }: DrillDownRequest) {
  return queryOptions({
    queryKey: [
      ...queryKeys.indicators,
      "drilldown",
      organizationId,
      indicatorId,
      asOf ?? "today",
      page,
      pageSize,
    ],
    queryFn: async () =>
      toDrillDownPage(
        await unwrap(
          api.GET("/api/v1/organizations/{id}/indicators/{indicatorId}/drilldown", {
            params: { path: { id: organizationId, indicatorId }, query: { asOf, page, pageSize } },
          }),
        ),
      ),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export type IndicatorExport =
  | { rows: "children"; ids: readonly string[] }
  | { rows: "drilldown"; indicatorId: string };

/**
 * GET /organizations/{id}/indicators/export.xlsx: the children table or one drill-down list as .xlsx.
 * Too many rows answer 400 export_too_large with a message saying how to narrow the request.
 */
export function exportIndicators(
  organizationId: number,
  asOf: string | undefined,
  request: IndicatorExport,
): Promise<void> {
  const query =
    request.rows === "children"
      ? { asOf, rows: "children" as const, ids: idsParameter(request.ids) }
      : { asOf, rows: "drilldown" as const, indicatorId: request.indicatorId };
  return downloadFile(
    "/api/v1/organizations/{id}/indicators/export.xlsx",
    { path: { id: organizationId }, query },
    request.rows === "children" ? "下级对比.xlsx" : `${request.indicatorId}.xlsx`,
  );
}

interface EnteredDataCalls<Path extends EnteredDataPath> {
  get(organizationId: number): Promise<EnteredDataList<Path>>;
  put(organizationId: number, entries: readonly EnteredDataEntries[Path][]): Promise<EnteredDataList<Path>>;
}

/** GET and PUT { entries } of each kind of entered data; a PUT replaces the organization's entries. */
const ENTERED_DATA: { [Path in EnteredDataPath]: EnteredDataCalls<Path> } = {
  "youth-population": {
    get: (id) => unwrap(api.GET("/api/v1/organizations/{id}/youth-population", { params: { path: { id } } })),
    put: (id, entries) =>
      unwrap(
        api.PUT("/api/v1/organizations/{id}/youth-population", {
          params: { path: { id } },
          body: { entries: [...entries] },
        }),
      ),
  },
  "school-enrollment": {
    get: (id) =>
      unwrap(api.GET("/api/v1/organizations/{id}/school-enrollment", { params: { path: { id } } })),
    put: (id, entries) =>
      unwrap(
        api.PUT("/api/v1/organizations/{id}/school-enrollment", {
          params: { path: { id } },
          body: { entries: [...entries] },
        }),
      ),
  },
  "eligible-units": {
    get: (id) => unwrap(api.GET("/api/v1/organizations/{id}/eligible-units", { params: { path: { id } } })),
    put: (id, entries) =>
      unwrap(
        api.PUT("/api/v1/organizations/{id}/eligible-units", {
          params: { path: { id } },
          body: { entries: [...entries] },
        }),
      ),
  },
};

/** GET /organizations/{id}/{youth-population | school-enrollment | eligible-units}: entered data. */
export function enteredDataQuery<Path extends EnteredDataPath>(organizationId: number, path: Path) {
  return queryOptions({
    queryKey: [...queryKeys.indicators, "entered", organizationId, path],
    queryFn: () => ENTERED_DATA[path].get(organizationId),
  });
}

/** PUT the same path { entries }: replaces the organization's entries of that kind. */
export function saveEnteredData<Path extends EnteredDataPath>(
  organizationId: number,
  path: Path,
  entries: readonly EnteredDataEntries[Path][],
): Promise<EnteredDataList<Path>> {
  return ENTERED_DATA[path].put(organizationId, entries);
}
