import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import { downloadFile } from "../../../api/transfer";
import type {
  CreateEvaluationRoundBody,
  EvaluationRound,
  SaveEvaluationScoresBody,
} from "../shared/plan-types";

/** GET /organizations/{id}/evaluation-rounds: rounds held at, above (covering) or inside the organization. */
export function evaluationRoundsQuery(organizationId: number) {
  return queryOptions({
    queryKey: [...queryKeys.plans, "evaluations", "organization", organizationId],
    queryFn: async () =>
      (
        await unwrap(
          api.GET("/api/v1/organizations/{id}/evaluation-rounds", {
            params: { path: { id: organizationId } },
          }),
        )
      ).items,
  });
}

/** GET /evaluation-rounds/{id}/results: the round, each task's scores and total, each county's average and rank. */
export function evaluationResultsQuery(roundId: number) {
  return queryOptions({
    queryKey: [...queryKeys.plans, "evaluations", "round", roundId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/evaluation-rounds/{id}/results", { params: { path: { id: roundId } } })),
  });
}

/** POST /organizations/{id}/evaluation-rounds: a round with its scoring sheet (weights sum to 100%). */
export function createEvaluationRound(
  organizationId: number,
  body: CreateEvaluationRoundBody,
): Promise<EvaluationRound> {
  return unwrap(
    api.POST("/api/v1/organizations/{id}/evaluation-rounds", {
      params: { path: { id: organizationId } },
      body,
    }),
  );
}

/** PUT /evaluation-rounds/{id}/scores: scores (task × item), all saved or none; only while the round is open. */
export function saveEvaluationScores(roundId: number, body: SaveEvaluationScoresBody) {
  return unwrap(
    api.PUT("/api/v1/evaluation-rounds/{id}/scores", { params: { path: { id: roundId } }, body }),
  );
}

/** GET /evaluation-rounds/{id}/results.xlsx: sheets 任务得分 and 单位排名. */
export function downloadEvaluationResults(roundId: number): Promise<void> {
  return downloadFile(
    "/api/v1/evaluation-rounds/{id}/results.xlsx",
    { path: { id: roundId } },
    `evaluation-${roundId}.xlsx`,
  );
}
