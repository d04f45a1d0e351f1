/** Paths of member development (发展团员), under the organization of the URL. */
export function developmentPath(organizationId: number): string {
  return `/orgs/${organizationId}/development`;
}

export function applicationPath(organizationId: number, applicationId: number): string {
  return `/orgs/${organizationId}/development/applications/${applicationId}`;
}
