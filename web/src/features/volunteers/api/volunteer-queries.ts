import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { paths } from "../../../api/schema";

type Json<T> = T extends { content: { "application/json": infer Body } } ? Body : never;
type Body<T> = T extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;

/** GET /organizations/{id}/volunteer-shifts: the subtree's shifts with hours recorded and approved. */
export type VolunteerShiftList = Json<
  paths["/api/v1/organizations/{id}/volunteer-shifts"]["get"]["responses"][200]
>;
export type VolunteerShiftListItem = VolunteerShiftList["items"][number];
/** GET /volunteer-shifts/{id}: a shift and its records (phones masked), each with its certificate. */
export type VolunteerShiftDetail = Json<paths["/api/v1/volunteer-shifts/{id}"]["get"]["responses"][200]>;
export type VolunteerRecord = VolunteerShiftDetail["records"][number];
export type VolunteerShiftCreateBody = Body<paths["/api/v1/organizations/{id}/volunteer-shifts"]["post"]>;
export type VolunteerRecordCreateBody = Body<paths["/api/v1/volunteer-shifts/{id}/records"]["post"]>;

export function volunteerShiftsQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...queryKeys.volunteers, "shifts", organizationId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/organizations/{id}/volunteer-shifts", { params: { path: { id: organizationId } } }),
      ),
  });
}

export function volunteerShiftQuery(shiftId: number) {
  return queryOptions({
    queryKey: [...queryKeys.volunteers, "shift", shiftId],
    queryFn: () => unwrap(api.GET("/api/v1/volunteer-shifts/{id}", { params: { path: { id: shiftId } } })),
  });
}

export function createVolunteerShift(organizationId: number, body: VolunteerShiftCreateBody) {
  return unwrap(
    api.POST("/api/v1/organizations/{id}/volunteer-shifts", {
      params: { path: { id: organizationId } },
      body,
    }),
  );
}

export function addVolunteerRecord(shiftId: number, body: VolunteerRecordCreateBody) {
  return unwrap(
    api.POST("/api/v1/volunteer-shifts/{id}/records", { params: { path: { id: shiftId } }, body }),
  );
}

export function approveVolunteerRecord(recordId: number) {
  return unwrap(api.POST("/api/v1/volunteer-records/{id}/approve", { params: { path: { id: recordId } } }));
}

export function rejectVolunteerRecord(recordId: number) {
  return unwrap(
    api.POST("/api/v1/volunteer-records/{id}/reject", { params: { path: { id: recordId } }, body: {} }),
  );
}

export function issueVolunteerCertificate(recordId: number) {
  return unwrap(
    api.POST("/api/v1/volunteer-records/{id}/certificate", { params: { path: { id: recordId } } }),
  );
}

/** Where the certificate's PDF downloads (a plain link: the browser sends the session cookie). */
export function certificatePdfUrl(recordId: number): string {
  return `/api/v1/volunteer-records/${recordId}/certificate.pdf`;
}
