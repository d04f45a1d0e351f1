/** Paths of the member pages, under the organization of the URL. */
export function memberPath(organizationId: number, memberId: number, tab?: string): string {
  const base = `/orgs/${organizationId}/members/${memberId}`;
  return tab && tab !== "record" ? `${base}?tab=${tab}` : base;
}

export function memberEditPath(organizationId: number, memberId: number): string {
  return `/orgs/${organizationId}/members/${memberId}/edit`;
}

export function newMemberPath(organizationId: number): string {
  return `/orgs/${organizationId}/members/new`;
}

export function importPath(organizationId: number): string {
  return `/orgs/${organizationId}/import`;
}
