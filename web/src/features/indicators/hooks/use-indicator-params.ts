import { useSearchParams } from "react-router";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface IndicatorParams {
  /** "YYYY-MM-DD", or undefined for today (live figures). */
  asOf: string | undefined;
  /** The indicator columns of the children table; undefined for the default ones. */
  columns: string[] | undefined;
  /** The indicators drawn in the trend chart; undefined for the default ones. */
  trend: string[] | undefined;
}

function listOf(value: string | null): string[] | undefined {
  if (value === null) return undefined;
  return value.split(",").filter((id) => id.length > 0);
}

/** The indicator page's state in the URL (?asOf=&columns=&trend=), so a link shows the same figures. */
export function useIndicatorParams(): [IndicatorParams, (change: Partial<IndicatorParams>) => void] {
  const [search, setSearch] = useSearchParams();
  const asOfParameter = search.get("asOf");
  const params: IndicatorParams = {
    asOf: asOfParameter !== null && DATE.test(asOfParameter) ? asOfParameter : undefined,
    columns: listOf(search.get("columns")),
    trend: listOf(search.get("trend")),
  };
  const update = (change: Partial<IndicatorParams>) => {
    const next = { ...params, ...change };
    const query = new URLSearchParams();
    if (next.asOf) query.set("asOf", next.asOf);
    if (next.columns) query.set("columns", next.columns.join(","));
    if (next.trend) query.set("trend", next.trend.join(","));
    setSearch(query, { replace: true });
  };
  return [params, update];
}
