import { useMutation, useQuery } from "@tanstack/react-query";
import {
  answerSurvey,
  checkInToActivity,
  type PublicCheckinBody,
  type PublicRatingBody,
  type PublicSignupBody,
  type PublicSurveyAnswerBody,
  publicActivityQuery,
  publicSurveyQuery,
  rateActivity,
  signUpForActivity,
} from "../api/public-queries";

export function usePublicActivity(token: string) {
  return useQuery(publicActivityQuery(token));
}

export function usePublicSurvey(token: string) {
  return useQuery(publicSurveyQuery(token));
}

export function useSignUp(token: string) {
  return useMutation({ mutationFn: (body: PublicSignupBody) => signUpForActivity(token, body) });
}

export function useCheckIn(checkinToken: string) {
  return useMutation({ mutationFn: (body: PublicCheckinBody) => checkInToActivity(checkinToken, body) });
}

export function useRateActivity(token: string) {
  return useMutation({ mutationFn: (body: PublicRatingBody) => rateActivity(token, body) });
}

export function useAnswerSurvey(token: string) {
  return useMutation({ mutationFn: (body: PublicSurveyAnswerBody) => answerSurvey(token, body) });
}
