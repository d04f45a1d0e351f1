/** Paths of the indicators (指标), under the organization of the URL, and of the data screen (大屏). */
export function indicatorsPath(organizationId: number): string {
  return `/orgs/${organizationId}/indicators`;
}

/** 填报数据: youth population, school enrollment and eligible units of the organization. */
export function enteredDataPath(organizationId: number): string {
  return `/orgs/${organizationId}/indicators/data`;
}

/** 数据大屏: full screen, outside the app's chrome, for a projector. */
export function screenPath(organizationId: number): string {
  return `/screen/${organizationId}`;
}
