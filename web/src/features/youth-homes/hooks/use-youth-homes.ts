import { useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import {
  createYouthHome,
  delistYouthHome,
  recordYouthHomeServices,
  updateYouthHome,
  type YouthHomeCreateBody,
  type YouthHomeDelistBody,
  type YouthHomePatchBody,
  type YouthHomeServicesBody,
  youthHomeQuery,
  youthHomesQuery,
} from "../api/youth-home-queries";

export function useYouthHomes(organizationId: number, includeDelisted = false) {
  return useQuery(youthHomesQuery(organizationId, includeDelisted));
}

export function useYouthHome(homeId: number | undefined) {
  return useQuery({ ...youthHomeQuery(homeId ?? 0), enabled: homeId !== undefined });
}

function useInvalidateYouth() {
  const invalidateEntity = useInvalidateEntity();
  return () => invalidateEntity({ entity: "youth" });
}

export function useCreateYouthHome(organizationId: number) {
  const invalidate = useInvalidateYouth();
  return useMutation({
    mutationFn: (body: YouthHomeCreateBody) => createYouthHome(organizationId, body),
    onSuccess: invalidate,
  });
}

export function useUpdateYouthHome(homeId: number) {
  const invalidate = useInvalidateYouth();
  return useMutation({
    mutationFn: (body: YouthHomePatchBody) => updateYouthHome(homeId, body),
    onSuccess: invalidate,
  });
}

export function useDelistYouthHome(homeId: number) {
  const invalidate = useInvalidateYouth();
  return useMutation({
    mutationFn: (body: YouthHomeDelistBody) => delistYouthHome(homeId, body),
    onSuccess: invalidate,
  });
}

export function useRecordServices(homeId: number) {
  const invalidate = useInvalidateYouth();
  return useMutation({
    mutationFn: ({ month, body }: { month: string; body: YouthHomeServicesBody }) =>
      recordYouthHomeServices(homeId, month, body),
    onSuccess: invalidate,
  });
}
