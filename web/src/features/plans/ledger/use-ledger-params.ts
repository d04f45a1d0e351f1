import { useSearchParams } from "react-router";
import { parsePlanId } from "../shared/plan-routes";

/**
 * The ledger's views: grouped lists, the wall chart (挂图作战), overdue / due-soon lists, targets bound
 * to indicators, and the responsible units mapped to organizations.
 */
export const LEDGER_VIEWS = ["area", "unit", "phase", "chart", "alerts", "targets", "units"] as const;
export type LedgerView = (typeof LEDGER_VIEWS)[number];

/** Due soon (即将到期) means a deadline within this many days, unless the user sets another. */
export const DEFAULT_DUE_SOON_DAYS = 14;
const MAX_DUE_SOON_DAYS = 365;

function isLedgerView(value: string | null): value is LedgerView {
  return value !== null && (LEDGER_VIEWS as readonly string[]).includes(value);
}

function parseDueSoonDays(value: string | null): number {
  if (value === null || !/^\d{1,3}$/.test(value)) return DEFAULT_DUE_SOON_DAYS;
  return Math.min(Number(value), MAX_DUE_SOON_DAYS);
}

export interface LedgerParams {
  view: LedgerView;
  dueSoonDays: number;
  /** The task whose drawer is open. */
  taskId: number | undefined;
}

/** The ledger's state in the URL (?view=&dueSoon=&task=), so a link shows the same ledger. */
export function useLedgerParams(): [LedgerParams, (change: Partial<LedgerParams>) => void] {
  const [search, setSearch] = useSearchParams();
  const viewParameter = search.get("view");
  const params: LedgerParams = {
    view: isLedgerView(viewParameter) ? viewParameter : "area",
    dueSoonDays: parseDueSoonDays(search.get("dueSoon")),
    taskId: parsePlanId(search.get("task")),
  };
  const update = (change: Partial<LedgerParams>) => {
    const next = { ...params, ...change };
    const query = new URLSearchParams();
    if (next.view !== "area") query.set("view", next.view);
    if (next.dueSoonDays !== DEFAULT_DUE_SOON_DAYS) query.set("dueSoon", String(next.dueSoonDays));
    if (next.taskId !== undefined) query.set("task", String(next.taskId));
    setSearch(query, { replace: "dueSoonDays" in change });
  };
  return [params, update];
}
