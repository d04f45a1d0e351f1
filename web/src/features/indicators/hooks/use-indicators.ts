import { useMutation, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useInvalidateEntity } from "../../../api/query-keys";
import { useLocale } from "../../../i18n/use-t";
import {
  childrenIndicatorsQuery,
  type DrillDownRequest,
  drillDownQuery,
  enteredDataQuery,
  indicatorCatalogQuery,
  indicatorTrendQuery,
  organizationIndicatorsQuery,
  saveEnteredData,
} from "../api/indicator-queries";
import type { EnteredDataEntries, EnteredDataPath, Indicator, IndicatorLabel } from "../api/indicator-types";

export function useIndicatorCatalog() {
  return useQuery(indicatorCatalogQuery());
}

/** The catalog by id, and a picker of the bilingual labels in the current UI language. */
export function useIndicatorLookup() {
  const catalog = useIndicatorCatalog();
  const { locale } = useLocale();
  const lookup = useMemo(() => {
    const items = catalog.data?.items ?? [];
    const byId = new Map<string, Indicator>(items.map((item) => [item.id, item]));
    const label = (value: IndicatorLabel) => (locale === "zh-CN" ? value.zh : value.en);
    return {
      items,
      byId,
      label,
      /** The indicator's name, or its id while the catalog loads. */
      nameOf: (id: string) => {
        const indicator = byId.get(id);
        return indicator ? label(indicator.name) : id;
      },
    };
  }, [catalog.data, locale]);
  return { catalog, ...lookup };
}

export function useOrganizationIndicators(organizationId: number, asOf: string | undefined) {
  return useQuery(organizationIndicatorsQuery(organizationId, asOf));
}

export function useChildrenIndicators(
  organizationId: number,
  asOf: string | undefined,
  ids: readonly string[],
) {
  return useQuery({ ...childrenIndicatorsQuery(organizationId, asOf, ids), enabled: ids.length > 0 });
}

export function useIndicatorTrend(organizationId: number, ids: readonly string[], from: string, to: string) {
  return useQuery(indicatorTrendQuery(organizationId, ids, from, to));
}

export function useDrillDown(request: DrillDownRequest | undefined) {
  return useQuery({
    ...drillDownQuery(
      request ?? { organizationId: 0, indicatorId: "", asOf: undefined, page: 1, pageSize: 20 },
    ),
    enabled: request !== undefined,
  });
}

export function useEnteredData<Path extends EnteredDataPath>(organizationId: number, path: Path) {
  return useQuery(enteredDataQuery(organizationId, path));
}

/** Saves entered data; the indicators computed from it are refetched. */
export function useSaveEnteredData<Path extends EnteredDataPath>(organizationId: number, path: Path) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: (entries: readonly EnteredDataEntries[Path][]) =>
      saveEnteredData(organizationId, path, entries),
    onSuccess: () => invalidateEntity({ entity: "indicator-data" }),
  });
}
