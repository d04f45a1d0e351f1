import type { DemoMember } from "./demo-generator";

/**
 * The demo's branch cadres (团干部, domain.md §6), so that the cadre profile and 配备率 have data:
 * in each branch the oldest active member under 27 (so that nobody leaves the age-out lists) becomes
 * its part-time secretary (书记); in branches of 20 members or more the next oldest its organization
 * committee member (组织委员). Every 20th branch, in order of first appearance, is left without a
 * secretary, so 配备率 stays below 100%. Pure: returns new member objects, the input is not changed.
 */
export function withBranchCadres(members: readonly DemoMember[], today: string): DemoMember[] {
  const youngestCadreBirthDate = `${Number(today.slice(0, 4)) - 27}${today.slice(4)}`;
  const byBranch = new Map<number, number[]>();
  members.forEach((member, index) => {
    if (member.status !== "active" || member.birthDate <= youngestCadreBirthDate) return;
    const list = byBranch.get(member.organizationId) ?? [];
    list.push(index);
    byBranch.set(member.organizationId, list);
  });
  const result = [...members];
  let branchNumber = 0;
  for (const indexes of byBranch.values()) {
    branchNumber += 1;
    if (branchNumber % 20 === 0) continue;
    const oldestFirst = [...indexes].sort((a, b) => {
      const left = members[a] as DemoMember;
      const right = members[b] as DemoMember;
      return left.birthDate < right.birthDate ? -1 : left.birthDate > right.birthDate ? 1 : a - b;
    });
    const posts = indexes.length >= 20 ? ["secretary", "organization_member"] : ["secretary"];
    posts.forEach((leaguePosition, rank) => {
      const index = oldestFirst[rank];
      if (index === undefined) return;
      const member = members[index] as DemoMember;
      result[index] = {
        ...member,
        isCadre: true,
        leaguePosition,
        cadreKind: "part_time",
        positionSince:
          member.joinedOn > `${Number(today.slice(0, 4)) - 2}-09-01`
            ? member.joinedOn
            : `${Number(today.slice(0, 4)) - 2}-09-01`,
      };
    });
  }
  return result;
}
