import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreateOrganizationBody, UpdateOrganizationBody } from "../../../api/types";
import { statsKey } from "../../dashboard/api/stats-queries";
import { membersKey } from "../../members/api/member-queries";
import { completenessQuery, setReportedMemberCount } from "../api/completeness-queries";
import {
  createOrganization,
  moveOrganization,
  organizationChildrenQuery,
  organizationQuery,
  organizationSearchQuery,
  organizationsKey,
  updateOrganization,
} from "../api/organization-queries";

export function useOrganization(id: number) {
  return useQuery(organizationQuery(id));
}

export function useOrganizationChildren(id: number) {
  return useQuery(organizationChildrenQuery(id));
}

export function useOrganizationSearch(q: string) {
  return useQuery(organizationSearchQuery(q));
}

/** After a write the tree, details, counts, members and statistics may all have changed. */
function useInvalidateAfterWrite() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: organizationsKey }),
      queryClient.invalidateQueries({ queryKey: membersKey }),
      queryClient.invalidateQueries({ queryKey: statsKey }),
    ]);
}

export function useCreateOrganization() {
  const invalidate = useInvalidateAfterWrite();
  return useMutation({
    mutationFn: (body: CreateOrganizationBody) => createOrganization(body),
    onSuccess: invalidate,
  });
}

export function useUpdateOrganization(id: number) {
  const invalidate = useInvalidateAfterWrite();
  return useMutation({
    mutationFn: (body: UpdateOrganizationBody) => updateOrganization(id, body),
    onSuccess: invalidate,
  });
}

export function useMoveOrganization(id: number) {
  const invalidate = useInvalidateAfterWrite();
  return useMutation({
    mutationFn: (newParentId: number) => moveOrganization(id, newParentId),
    onSuccess: invalidate,
  });
}

export function useCompleteness(id: number) {
  return useQuery(completenessQuery(id));
}

export function useSetReportedMemberCount(id: number) {
  const invalidate = useInvalidateAfterWrite();
  return useMutation({
    mutationFn: (count: number | null) => setReportedMemberCount(id, count),
    onSuccess: invalidate,
  });
}
