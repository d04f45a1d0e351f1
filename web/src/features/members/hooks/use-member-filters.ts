import { isMemberStatus } from "@tuanwu/domain";
import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import type { MemberFilters } from "../api/member-queries";

export const PAGE_SIZES = [20, 50, 100] as const;
const DEFAULT_PAGE_SIZE = 20;

function positiveInteger(value: string | null, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed >= 1 ? Math.min(parsed, max) : fallback;
}

/** The members list's page, page size, search and status, kept in the URL (?page=&pageSize=&q=&status=). */
export function useMemberFilters(): [MemberFilters, (changes: Partial<MemberFilters>) => void] {
  const [searchParams, setSearchParams] = useSearchParams();

  const filters = useMemo<MemberFilters>(() => {
    const status = searchParams.get("status");
    return {
      page: positiveInteger(searchParams.get("page"), 1),
      pageSize: positiveInteger(searchParams.get("pageSize"), DEFAULT_PAGE_SIZE, 100),
      q: searchParams.get("q") ?? "",
      status: status !== null && isMemberStatus(status) ? status : undefined,
    };
  }, [searchParams]);

  const setFilters = useCallback(
    (changes: Partial<MemberFilters>) => {
      setSearchParams(
        (previous) => {
          const next = new URLSearchParams(previous);
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
