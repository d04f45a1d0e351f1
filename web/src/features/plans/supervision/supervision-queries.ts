import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import type { PlanSupervision, PlanSupervisionBody } from "../shared/plan-types";

/** POST /plan-tasks/{id}/supervisions {kind, subject, note, occurredOn} → 201 PlanSupervision. */
export function createSupervision(taskId: number, body: PlanSupervisionBody): Promise<PlanSupervision> {
  return unwrap(api.POST("/api/v1/plan-tasks/{id}/supervisions", { params: { path: { id: taskId } }, body }));
}
