import { useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import {
  closeSurvey,
  createSurvey,
  openSurvey,
  type SurveyCreateBody,
  type SurveyPatchBody,
  surveyQuery,
  surveyResultsQuery,
  surveysQuery,
  updateSurvey,
} from "../api/survey-queries";

export function useSurveys(organizationId: number) {
  return useQuery(surveysQuery(organizationId));
}

export function useSurvey(surveyId: number | undefined) {
  return useQuery({ ...surveyQuery(surveyId ?? 0), enabled: surveyId !== undefined });
}

export function useSurveyResults(surveyId: number | undefined, by: string | undefined, enabled = true) {
  return useQuery({ ...surveyResultsQuery(surveyId ?? 0, by), enabled: enabled && surveyId !== undefined });
}

function useInvalidateYouth() {
  const invalidateEntity = useInvalidateEntity();
  return () => invalidateEntity({ entity: "youth" });
}

export function useCreateSurvey(organizationId: number) {
  const invalidate = useInvalidateYouth();
  return useMutation({
    mutationFn: (body: SurveyCreateBody) => createSurvey(organizationId, body),
    onSuccess: invalidate,
  });
}

export function useUpdateSurvey(surveyId: number) {
  const invalidate = useInvalidateYouth();
  return useMutation({
    mutationFn: (body: SurveyPatchBody) => updateSurvey(surveyId, body),
    onSuccess: invalidate,
  });
}

export function useSurveyTransition(surveyId: number) {
  const invalidate = useInvalidateYouth();
  return useMutation({
    mutationFn: (action: "open" | "close") =>
      action === "open" ? openSurvey(surveyId) : closeSurvey(surveyId),
    onSuccess: invalidate,
  });
}
