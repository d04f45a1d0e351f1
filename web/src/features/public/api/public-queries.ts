import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import type { paths } from "../../../api/schema";

type Json<T> = T extends { content: { "application/json": infer Body } } ? Body : never;

/** GET /public/activities/{token}: what a sign-up page shows (title, time, place, places left); nothing of the registry. */
export type PublicActivity = Json<paths["/api/v1/public/activities/{token}"]["get"]["responses"][200]>;
/** POST /public/activities/{token}/signups: name, phone, deviceKey. */
export type PublicSignupBody = NonNullable<
  paths["/api/v1/public/activities/{token}/signups"]["post"]["requestBody"]
>["content"]["application/json"];
export type PublicSignupResult = Json<
  paths["/api/v1/public/activities/{token}/signups"]["post"]["responses"][201]
>;
/** POST /public/activities/checkin/{checkinToken}: phone → checked in (first scan) or out (second). */
export type PublicCheckinBody = NonNullable<
  paths["/api/v1/public/activities/checkin/{checkinToken}"]["post"]["requestBody"]
>["content"]["application/json"];
export type PublicCheckinResult = Json<
  paths["/api/v1/public/activities/checkin/{checkinToken}"]["post"]["responses"][200]
>;
/** POST /public/activities/{token}/rating: phone, rating 1–5, comment. */
export type PublicRatingBody = NonNullable<
  paths["/api/v1/public/activities/{token}/rating"]["post"]["requestBody"]
>["content"]["application/json"];
/** GET /public/surveys/{token}: title, description and questions of an open survey. */
export type PublicSurvey = Json<paths["/api/v1/public/surveys/{token}"]["get"]["responses"][200]>;
export type PublicSurveyAnswerBody = NonNullable<
  paths["/api/v1/public/surveys/{token}/responses"]["post"]["requestBody"]
>["content"]["application/json"];

const PUBLIC_KEY = ["public"] as const;

export function publicActivityQuery(token: string) {
  return queryOptions({
    queryKey: [...PUBLIC_KEY, "activity", token],
    queryFn: () => unwrap(api.GET("/api/v1/public/activities/{token}", { params: { path: { token } } })),
    retry: false,
  });
}

export function publicSurveyQuery(token: string) {
  return queryOptions({
    queryKey: [...PUBLIC_KEY, "survey", token],
    queryFn: () => unwrap(api.GET("/api/v1/public/surveys/{token}", { params: { path: { token } } })),
    retry: false,
  });
}

export function signUpForActivity(token: string, body: PublicSignupBody) {
  return unwrap(api.POST("/api/v1/public/activities/{token}/signups", { params: { path: { token } }, body }));
}

export function checkInToActivity(checkinToken: string, body: PublicCheckinBody) {
  return unwrap(
    api.POST("/api/v1/public/activities/checkin/{checkinToken}", {
      params: { path: { checkinToken } },
      body,
    }),
  );
}

export function rateActivity(token: string, body: PublicRatingBody) {
  return unwrap(api.POST("/api/v1/public/activities/{token}/rating", { params: { path: { token } }, body }));
}

export function answerSurvey(token: string, body: PublicSurveyAnswerBody) {
  return unwrap(api.POST("/api/v1/public/surveys/{token}/responses", { params: { path: { token } }, body }));
}
