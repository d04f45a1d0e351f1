import { useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import type { CreateOrganizationBody, UpdateOrganizationBody } from "../../../api/types";
import { completenessQuery, setReportedMemberCount } from "../api/completeness-queries";
import {
  createOrganization,
  moveOrganization,
  organizationChildrenQuery,
  organizationQuery,
  organizationSearchQuery,
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
  const invalidateEntity = useInvalidateEntity();
  return () => invalidateEntity({ entity: "organization" });
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
