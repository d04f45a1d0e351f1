import { AGE_BANDS, isMemberStatus, isSector, POLITICAL_STATUSES } from "@tuanwu/domain";
import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import type { MemberFilters } from "../api/member-queries";

export const PAGE_SIZES = [20, 50, 100] as const;
const DEFAULT_PAGE_SIZE = 20;

function positiveInteger(value: string | null, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed >= 1 ? Math.min(parsed, max) : fallback;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((candidate) => candidate === value);
}

function booleanOf(value: string | null): boolean | undefined {
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

const POLITICAL_STATUS_CODES = POLITICAL_STATUSES.map((entry) => entry.code);

/**
 * The members list's page, page size, search and filters, kept in the URL
 * (?page=&cursor=&pageSize=&q=&status=&sector=&ageBand=&isCadre=&politicalStatus=).
 */
export function useMemberFilters(): [MemberFilters, (changes: Partial<MemberFilters>) => void] {
  const [searchParams, setSearchParams] = useSearchParams();

  const filters = useMemo<MemberFilters>(() => {
    const status = searchParams.get("status");
    const sector = searchParams.get("sector");
    return {
      page: positiveInteger(searchParams.get("page"), 1),
      cursor: searchParams.get("cursor") ?? undefined,
      pageSize: positiveInteger(searchParams.get("pageSize"), DEFAULT_PAGE_SIZE, 100),
      q: searchParams.get("q") ?? "",
      status: status !== null && isMemberStatus(status) ? status : undefined,
      sector: sector !== null && isSector(sector) ? sector : undefined,
      ageBand: oneOf(AGE_BANDS, searchParams.get("ageBand")),
      isCadre: booleanOf(searchParams.get("isCadre")),
      politicalStatus: oneOf(POLITICAL_STATUS_CODES, searchParams.get("politicalStatus")),
    };
  }, [searchParams]);

  const setFilters = useCallback(
    (changes: Partial<MemberFilters>) => {
      setSearchParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          // A cursor belongs to one filter and page size: any other change starts from the first page.
          if (!("cursor" in changes)) next.delete("cursor");
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === "" || (key === "page" && value === 1)) next.delete(key);
            else next.set(key, String(value));
          }
          return next;
        },
        { replace: true },
      );
    },
    [setSearchParams],
  );

  return [filters, setFilters];
}
