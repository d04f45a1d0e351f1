/** Paths of the reform ledger (改革任务台账), under the organization of the URL. */
export function plansPath(organizationId: number): string {
  return `/orgs/${organizationId}/plans`;
}

/** The import wizard: upload → preview → correct → confirm. */
export function planImportPath(organizationId: number): string {
  return `/orgs/${organizationId}/plans/import`;
}

/** A plan's ledger; `taskId` opens that task's drawer. */
export function planPath(organizationId: number, planId: number, taskId?: number): string {
  const base = `/orgs/${organizationId}/plans/${planId}`;
  return taskId === undefined ? base : `${base}?task=${taskId}`;
}

/** A positive integer id from the URL, else undefined. */
export function parsePlanId(value: string | null | undefined): number | undefined {
  if (!value || !/^[1-9]\d*$/.test(value)) return undefined;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : undefined;
}

/** Evaluation rounds (第三方评估) of the organization. */
export function evaluationsPath(organizationId: number): string {
  return `/orgs/${organizationId}/plans/evaluations`;
}

/** A round: its scoring sheet, scoring, results per task and per county. */
export function evaluationPath(organizationId: number, roundId: number): string {
  return `/orgs/${organizationId}/plans/evaluations/${roundId}`;
}

/** The city view: each county's ledger side by side, ranked. */
export function comparisonPath(organizationId: number): string {
  return `/orgs/${organizationId}/plans/compare`;
}
