import { useQuery } from "@tanstack/react-query";
import { type MemberFilters, membersQuery } from "../api/member-queries";

export function useMembers(organizationId: number, filters: MemberFilters) {
  return useQuery(membersQuery(organizationId, filters));
}
