import { useMutation } from "@tanstack/react-query";
import { useInvalidateEntity } from "../../../api/query-keys";
import type { PlanSupervisionBody } from "../shared/plan-types";
import { createSupervision } from "./supervision-queries";

/** 督导: a reminder (提醒) or a talk (约谈) with someone responsible for a lagging task. */
export function useCreateSupervision(taskId: number) {
  const invalidateEntity = useInvalidateEntity();
  return useMutation({
    mutationFn: (body: PlanSupervisionBody) => createSupervision(taskId, body),
    onSuccess: () => invalidateEntity({ entity: "plan" }),
  });
}
