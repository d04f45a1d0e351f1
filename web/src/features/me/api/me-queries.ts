import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { components } from "../../../api/schema";

/** The signed-in member's own record (我的档案), personal data masked. */
export type OwnMemberRecord = components["schemas"]["OwnMemberRecord"];
/** One entry of the member's own archive timeline. */
export type OwnArchiveEvent = components["schemas"]["OwnArchiveEvent"];
/** One of the signed-in applicant's applications (我的入团申请): steps, timeline, what is missing. */
export type OwnApplication = components["schemas"]["OwnApplication"];

/** GET /me/record: 404 when the account holds no member record (an applicant not yet admitted). */
export const myRecordQuery = queryOptions({
  queryKey: [...queryKeys.myPages, "record"],
  queryFn: () => unwrap(api.GET("/api/v1/me/record")),
});

/** GET /me/archive: the member's archive timeline, oldest first. */
export const myArchiveQuery = queryOptions({
  queryKey: [...queryKeys.myPages, "archive"],
  queryFn: async () => (await unwrap(api.GET("/api/v1/me/archive"))).items,
});

/** GET /me/applications: the applicant's applications, newest concerns first as the server orders them. */
export const myApplicationsQuery = queryOptions({
  queryKey: [...queryKeys.myPages, "applications"],
  queryFn: async () => (await unwrap(api.GET("/api/v1/me/applications"))).items,
});
