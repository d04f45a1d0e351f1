import { useQuery } from "@tanstack/react-query";
import { statsQuery } from "../api/stats-queries";

export function useStats(organizationId: number) {
  return useQuery(statsQuery(organizationId));
}
