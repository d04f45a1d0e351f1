/** Paths of organization relationship transfers (组织关系转接), under the organization of the URL. */
export function transfersPath(organizationId: number): string {
  return `/orgs/${organizationId}/transfers`;
}

export function transferPath(organizationId: number, transferId: number): string {
  return `/orgs/${organizationId}/transfers/${transferId}`;
}
