import { useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import {
  addVolunteerRecord,
  approveVolunteerRecord,
  createVolunteerShift,
  issueVolunteerCertificate,
  rejectVolunteerRecord,
  type VolunteerRecordCreateBody,
  type VolunteerShiftCreateBody,
  volunteerShiftQuery,
  volunteerShiftsQuery,
} from "../api/volunteer-queries";

export function useVolunteerShifts(organizationId: number) {
  return useQuery(volunteerShiftsQuery(organizationId));
}

export function useVolunteerShift(shiftId: number | undefined) {
  return useQuery({ ...volunteerShiftQuery(shiftId ?? 0), enabled: shiftId !== undefined });
}

function useInvalidateYouth() {
  const invalidateEntity = useInvalidateEntity();
  return () => invalidateEntity({ entity: "youth" });
}

export function useCreateVolunteerShift(organizationId: number) {
  const invalidate = useInvalidateYouth();
  return useMutation({
    mutationFn: (body: VolunteerShiftCreateBody) => createVolunteerShift(organizationId, body),
    onSuccess: invalidate,
  });
}

export function useAddVolunteerRecord(shiftId: number) {
  const invalidate = useInvalidateYouth();
  return useMutation({
    mutationFn: (body: VolunteerRecordCreateBody) => addVolunteerRecord(shiftId, body),
    onSuccess: invalidate,
  });
}

/** Approve, reject or certify one record (the recording organization only; the server decides). */
export function useVolunteerRecordAction() {
  const invalidate = useInvalidateYouth();
  return useMutation({
    mutationFn: ({
      recordId,
      action,
    }: {
      recordId: number;
      action: "approve" | "reject" | "certificate";
    }): Promise<unknown> =>
      action === "approve"
        ? approveVolunteerRecord(recordId)
        : action === "reject"
          ? rejectVolunteerRecord(recordId)
          : issueVolunteerCertificate(recordId),
    onSuccess: invalidate,
  });
}
