/** Paths of organizational life (组织生活): a branch's meetings, one meeting, a member's phone sign-in. */
export function meetingsPath(organizationId: number): string {
  return `/orgs/${organizationId}/meetings`;
}

export function meetingPath(organizationId: number, meetingId: number): string {
  return `/orgs/${organizationId}/meetings/${meetingId}`;
}

/** The member's phone sign-in page the QR code encodes (the token is the meeting's sign-in token). */
export function signinPath(token: string): string {
  return `/me/signin/${token}`;
}
