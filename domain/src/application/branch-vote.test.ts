import { describe, expect, it } from "vitest";
import { assessBranchVote } from "./branch-vote";

describe("assessBranchVote", () => {
  it.each([
    // voting, present, yes, quorate, passed
    [10, 6, 4, true, true],
    [10, 6, 3, true, false], // yes must be more than half of present
    [10, 5, 5, false, false], // present must be more than half of voting
    [10, 10, 6, true, true],
    [1, 1, 1, true, true],
    [3, 2, 2, true, true],
    [3, 2, 1, true, false],
    [4, 2, 2, false, false],
    [7, 4, 3, true, true],
    [10, 0, 0, false, false],
  ])(
    "voting %i, present %i, yes %i: quorate %s, passed %s",
    (votingMembers, present, yes, quorate, passed) => {
      expect(assessBranchVote({ votingMembers, present, yes })).toEqual({ failures: [], quorate, passed });
    },
  );

  it.each([
    [
      { votingMembers: 10, present: 11, yes: 5 },
      "present",
      "vote_present_exceeds_voting",
      "实到人数：11人超过应到人数10人",
    ],
    [
      { votingMembers: 10, present: 6, yes: 7 },
      "yes",
      "vote_yes_exceeds_present",
      "赞成票数：7票超过实到人数6人",
    ],
    [{ votingMembers: 0, present: 0, yes: 0 }, "votingMembers", "vote_invalid", "应到人数：应为正整数"],
    [{ votingMembers: 10, present: 5.5, yes: 3 }, "present", "vote_invalid", "实到人数：应为不小于0的整数"],
    [{ votingMembers: 10, present: 6, yes: -1 }, "yes", "vote_invalid", "赞成票数：应为不小于0的整数"],
  ])("refuses %j naming %s", (vote, field, code, message) => {
    const result = assessBranchVote(vote);
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual([{ field, code, message }]);
  });

  it("lists every malformed figure at once", () => {
    const result = assessBranchVote({ votingMembers: -1, present: Number.NaN, yes: 1.5 });
    expect(result.failures.map((failure) => failure.field)).toEqual(["votingMembers", "present", "yes"]);
  });
});
