import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { type ChangedEntity, invalidateEntity, queryKeys, staleQueryKeys } from "./query-keys";

/** One cached query under each root, as the features' queries key them. */
function clientWithEveryQuery(): QueryClient {
  const client = new QueryClient();
  const keys = [
    [...queryKeys.me],
    [...queryKeys.organizations, "detail", 1],
    [...queryKeys.members, 1, { page: 1 }],
    [...queryKeys.member(5), "detail"],
    [...queryKeys.member(6), "detail"],
    [...queryKeys.reviews, "lapse", 1],
    [...queryKeys.stats, 1],
    [...queryKeys.indicators, "values", 1],
    [...queryKeys.plans, "plan", 3],
  ];
  for (const key of keys) client.setQueryData(key, { cached: true });
  return client;
}

function invalidatedRoots(client: QueryClient): string[] {
  return client
    .getQueryCache()
    .getAll()
    .filter((query) => query.state.isInvalidated)
    .map((query) => query.queryKey.slice(0, query.queryKey[0] === "member" ? 2 : 1).join(":"))
    .sort();
}

describe("invalidateEntity", () => {
  const cases: [ChangedEntity, string[]][] = [
    [{ entity: "member", memberId: 5 }, ["member:5", "members", "organizations", "reviews", "stats"]],
    [{ entity: "member" }, ["members", "organizations", "reviews", "stats"]],
    [{ entity: "member-archive", memberId: 6 }, ["member:6"]],
    [{ entity: "organization" }, ["members", "organizations", "stats"]],
    [{ entity: "indicator-data" }, ["indicators"]],
    [{ entity: "plan" }, ["plans"]],
  ];
  it.each(cases)("%o invalidates exactly these queries: %o", async (change, expected) => {
    const client = clientWithEveryQuery();
    await invalidateEntity(client, change);
    expect(invalidatedRoots(client)).toEqual(expected);
  });

  it("never invalidates the signed-in user", () => {
    for (const [change] of cases) expect(staleQueryKeys(change)).not.toContainEqual(queryKeys.me);
  });
});
