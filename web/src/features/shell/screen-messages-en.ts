import type { ScreenMessageKey } from "./screen-messages";

/** The English strings of screen-messages.ts. */
export const screenMessagesEn: Record<ScreenMessageKey, string> = {
  "notAllowed.title": "Not available",
  "notAllowed.subTitle": "Not available for your role",
  "notAllowed.back": "Back to home",
  "tree.collapse": "Hide the organization tree",
  "tree.open": "Organizations",
  "tree.expand": "Show the organization tree",
  "members.chooseBranch": "Branch",
  "members.chooseBranchHint": "Choose the member's branch",
  "members.citizenIdFilled": "Birth date and sex filled in from the citizen ID",
  "ledger.progress": "Progress",
  "import.noRows": "The file has no data rows; nothing was imported",
  "comparison.notEnough": "Fewer than two counties below: nothing to compare",
  "assigned.title": "Tasks of higher ledgers assigned to this organization",
  "assigned.empty": "No task of a higher ledger is assigned to this organization",
  "assigned.plan": "Plan",
  "screen.back": "Back",
};
