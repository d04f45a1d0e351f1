import { api } from "../../api/client";
import { unwrap } from "../../api/errors";
import type { components } from "../../api/schema";

/** What a one-time scoring link shows: the session, its reporters, whether the link was used. */
export type PublicReview = components["schemas"]["PublicReview"];

/** GET /public/review/{token} (no account; 404 unknown link; 429 rate limited). */
export function fetchPublicReview(token: string): Promise<PublicReview> {
  return unwrap(api.GET("/api/v1/public/review/{token}", { params: { path: { token } } }));
}

/** POST /public/review/{token}/scores: one score per reporter, once (409 used / closed / not open; 429). */
export function submitPublicScores(token: string, scores: { reporterId: number; score: number }[]) {
  return unwrap(
    api.POST("/api/v1/public/review/{token}/scores", { params: { path: { token } }, body: { scores } }),
  );
}
