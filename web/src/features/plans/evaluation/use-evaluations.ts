import { useMutation, useQuery } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import type { CreateEvaluationRoundBody, SaveEvaluationScoresBody } from "../shared/plan-types";
import {
  createEvaluationRound,
  evaluationResultsQuery,
  evaluationRoundsQuery,
  saveEvaluationScores,
} from "./evaluation-queries";

export function useEvaluationRounds(organizationId: number) {
  return useQuery(evaluationRoundsQuery(organizationId));
}

export function useEvaluationResults(roundId: number) {
  return useQuery(evaluationResultsQuery(roundId));
}

export function useCreateEvaluationRound(organizationId: number) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: (body: CreateEvaluationRoundBody) => createEvaluationRound(organizationId, body),
    onSuccess: () => invalidateEntity({ entity: "plan" }),
  });
}

export function useSaveEvaluationScores(roundId: number) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: (body: SaveEvaluationScoresBody) => saveEvaluationScores(roundId, body),
    onSuccess: () => invalidateEntity({ entity: "plan" }),
  });
}
