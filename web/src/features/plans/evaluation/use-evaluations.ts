import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidatePlans } from "../ledger/use-plans";
import type {
  CreateEvaluationRoundBody,
  PlanComparisonSort,
  SaveEvaluationScoresBody,
} from "../shared/plan-types";
import {
  createEvaluationRound,
  evaluationResultsQuery,
  evaluationRoundsQuery,
  planComparisonQuery,
  saveEvaluationScores,
} from "./evaluation-queries";

export function useEvaluationRounds(organizationId: number) {
  return useQuery(evaluationRoundsQuery(organizationId));
}

export function useEvaluationResults(roundId: number) {
  return useQuery(evaluationResultsQuery(roundId));
}

export function useCreateEvaluationRound(organizationId: number) {
  const invalidate = useInvalidatePlans();
  return useMutation({
    mutationFn: (body: CreateEvaluationRoundBody) => createEvaluationRound(organizationId, body),
    onSuccess: () => invalidate(),
  });
}

export function useSaveEvaluationScores(roundId: number) {
  const invalidate = useInvalidatePlans();
  return useMutation({
    mutationFn: (body: SaveEvaluationScoresBody) => saveEvaluationScores(roundId, body),
    onSuccess: () => invalidate(),
  });
}

export function usePlanComparison(organizationId: number, sort: PlanComparisonSort, dueSoonDays: number) {
  return useQuery({
    ...planComparisonQuery(organizationId, sort, dueSoonDays),
    placeholderData: keepPreviousData,
  });
}
