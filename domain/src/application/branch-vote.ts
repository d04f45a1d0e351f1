import type { GuardFailure } from "../workflow/workflow";

/**
 * The branch general meeting's vote on admitting a development target (支部团员大会表决, domain.md §3):
 * valid when more than half of the voting members are present, passed when more than half of those
 * present vote yes. Source: 团章第三条 / domain.md §3 "more than half of voting members present; more than
 * half of those present agree".
 */
export interface BranchVote {
  /** Members with a vote (有表决权的团员), a whole number ≥ 1. */
  votingMembers: number;
  /** Voting members present (到会), 0 … votingMembers. */
  present: number;
  /** Votes in favour (赞成), 0 … present. */
  yes: number;
}

/** What {@link assessBranchVote} answers. */
export interface BranchVoteAssessment {
  /** Input problems, all at once, each naming its field ([] when the figures are consistent). */
  failures: GuardFailure[];
  /** More than half of the voting members present (only meaningful without failures). */
  quorate: boolean;
  /** Quorate and more than half of those present voted yes. */
  passed: boolean;
}

/**
 * Check the figures of a vote and whether it passed. Refused figures: not whole numbers ≥ 0, no voting
 * members, present > voting members ("present"), yes > present ("yes"). A consistent vote that did not
 * pass is no input error: `passed` is false and the caller refuses the step with "vote_not_passed".
 */
export function assessBranchVote(vote: BranchVote): BranchVoteAssessment {
  const failures: GuardFailure[] = [];
  const whole = (value: number) => Number.isInteger(value) && value >= 0;
  if (!whole(vote.votingMembers) || vote.votingMembers < 1) {
    failures.push({ code: "vote_invalid", field: "votingMembers", message: "应到人数：应为正整数" });
  }
  if (!whole(vote.present)) {
    failures.push({ code: "vote_invalid", field: "present", message: "实到人数：应为不小于0的整数" });
  }
  if (!whole(vote.yes)) {
    failures.push({ code: "vote_invalid", field: "yes", message: "赞成票数：应为不小于0的整数" });
  }
  if (failures.length === 0 && vote.present > vote.votingMembers) {
    failures.push({
      code: "vote_present_exceeds_voting",
      field: "present",
      message: `实到人数：${vote.present}人超过应到人数${vote.votingMembers}人`,
    });
  }
  if (failures.length === 0 && vote.yes > vote.present) {
    failures.push({
      code: "vote_yes_exceeds_present",
      field: "yes",
      message: `赞成票数：${vote.yes}票超过实到人数${vote.present}人`,
    });
  }
  if (failures.length > 0) return { failures, quorate: false, passed: false };
  const quorate = vote.present * 2 > vote.votingMembers;
  return { failures, quorate, passed: quorate && vote.yes * 2 > vote.present };
}
