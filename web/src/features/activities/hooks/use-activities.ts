import { useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import {
  type ActivityCreateBody,
  activitiesQuery,
  activityQuery,
  activitySignupsQuery,
  cancelActivity,
  createActivity,
  uploadActivityPhoto,
} from "../api/activity-queries";

export function useActivities(organizationId: number) {
  return useQuery(activitiesQuery(organizationId));
}

export function useActivity(activityId: number | undefined) {
  return useQuery({ ...activityQuery(activityId ?? 0), enabled: activityId !== undefined });
}

export function useActivitySignups(activityId: number | undefined) {
  return useQuery({ ...activitySignupsQuery(activityId ?? 0), enabled: activityId !== undefined });
}

function useInvalidateYouth() {
  const invalidateEntity = useInvalidateEntity();
  return () => invalidateEntity({ entity: "youth" });
}

export function useCreateActivity(organizationId: number) {
  const invalidate = useInvalidateYouth();
  return useMutation({
    mutationFn: (body: ActivityCreateBody) => createActivity(organizationId, body),
    onSuccess: invalidate,
  });
}

export function useCancelActivity(activityId: number) {
  const invalidate = useInvalidateYouth();
  return useMutation({ mutationFn: () => cancelActivity(activityId), onSuccess: invalidate });
}

export function useUploadActivityPhoto(activityId: number) {
  const invalidate = useInvalidateYouth();
  return useMutation({
    mutationFn: (file: File) => uploadActivityPhoto(activityId, file),
    onSuccess: invalidate,
  });
}
