import { describe, expect, it } from "vitest";
import { withBranchCadres } from "./demo-cadres";
import type { DemoMember } from "./demo-generator";

function member(
  organizationId: number,
  birthDate: string,
  status: DemoMember["status"] = "active",
): DemoMember {
  return {
    organizationId,
    name: "测试",
    nameInitials: "cs",
    sex: "female",
    ethnicity: "han",
    citizenId: "",
    birthDate,
    memberNumber: "",
    joinedOn: "2020-05-04",
    education: "bachelor",
    occupation: "farmer",
    politicalStatus: "league_member",
    phone: "",
    status,
    statusSince: "2020-05-04",
  };
}

describe("withBranchCadres", () => {
  it("makes the oldest active member under 27 of each branch its secretary, part-time", () => {
    const members = [
      member(1, "1997-01-01"), // 29 on 2026-09-01: not chosen
      member(1, "2001-03-02"),
      member(1, "2000-12-31", "lapsed"),
      member(1, "2004-06-01"),
      member(2, "2008-01-01"),
    ];
    const result = withBranchCadres(members, "2026-09-01");
    expect(result.map((row) => row.leaguePosition ?? null)).toEqual([
      null,
      "secretary",
      null,
      null,
      "secretary",
    ]);
    expect(result[1]).toMatchObject({ isCadre: true, cadreKind: "part_time", positionSince: "2024-09-01" });
    expect(members[1]?.isCadre).toBeUndefined();
  });

  it("adds an organization committee member in branches of 20 and leaves every 20th branch without a secretary", () => {
    const members = Array.from({ length: 40 }, (_, branch) =>
      Array.from({ length: branch === 0 ? 20 : 1 }, (_, index) =>
        member(branch + 1, `2003-01-${String(index + 1).padStart(2, "0")}`),
      ),
    ).flat();
    const result = withBranchCadres(members, "2026-09-01");
    const posts = (branch: number) =>
      result.filter((row) => row.organizationId === branch && row.isCadre).map((row) => row.leaguePosition);
    expect(posts(1)).toEqual(["secretary", "organization_member"]);
    expect(posts(20)).toEqual([]);
    expect(posts(40)).toEqual([]);
    expect(result.filter((row) => row.leaguePosition === "secretary")).toHaveLength(38);
  });
});
