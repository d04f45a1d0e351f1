import type { MessageKey } from "../../i18n/zh-CN";

const STATUS_KEYS: Record<string, MessageKey> = {
  draft: "youth.surveys.status.draft",
  open: "youth.surveys.status.open",
  closed: "youth.surveys.status.closed",
};

/** The label key of a survey status (草稿, 收集中, 已结束). */
export function surveyStatusKey(status: string): MessageKey {
  return STATUS_KEYS[status] ?? "youth.surveys.status.draft";
}

export function surveyStatusColor(status: string): string {
  return status === "open" ? "green" : status === "closed" ? "default" : "blue";
}
