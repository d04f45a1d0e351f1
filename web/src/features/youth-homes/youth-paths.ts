/** Paths of issue 14's staff pages, under the organization of the URL. */
export function youthHomesPath(organizationId: number): string {
  return `/orgs/${organizationId}/youth-homes`;
}

export function youthHomePath(organizationId: number, homeId: number): string {
  return `/orgs/${organizationId}/youth-homes/${homeId}`;
}

export function activitiesPath(organizationId: number): string {
  return `/orgs/${organizationId}/activities`;
}

export function activityPath(organizationId: number, activityId: number): string {
  return `/orgs/${organizationId}/activities/${activityId}`;
}

export function volunteersPath(organizationId: number): string {
  return `/orgs/${organizationId}/volunteers`;
}

export function volunteerShiftPath(organizationId: number, shiftId: number): string {
  return `/orgs/${organizationId}/volunteers/${shiftId}`;
}

export function surveysPath(organizationId: number): string {
  return `/orgs/${organizationId}/surveys`;
}

export function surveyPath(organizationId: number, surveyId: number): string {
  return `/orgs/${organizationId}/surveys/${surveyId}`;
}
