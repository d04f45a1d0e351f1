/** Paths of the public pages (no account): what the staff's links and QR codes point at. */
export function publicActivityPath(token: string): string {
  return `/p/activities/${encodeURIComponent(token)}`;
}

export function publicRatingPath(token: string): string {
  return `/p/activities/${encodeURIComponent(token)}/rate`;
}

export function publicCheckinPath(checkinToken: string): string {
  return `/p/checkin/${encodeURIComponent(checkinToken)}`;
}

export function publicSurveyPath(token: string): string {
  return `/p/surveys/${encodeURIComponent(token)}`;
}

/** The absolute URL of a public path on this site (for a QR code or a copied link). */
export function publicUrl(path: string): string {
  return `${window.location.origin}${path}`;
}
