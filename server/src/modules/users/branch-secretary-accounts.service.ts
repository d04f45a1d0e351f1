import { neutralizeSpreadsheetValue } from "@tuanwu/domain";
import ExcelJS from "exceljs";
import type { Database } from "../../db/database";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import {
  findOrganizationForGrant,
  findTakenUsernames,
  lockBranchesWithoutSecretary,
} from "./user.repository";
import { createUser, generateOneTimePassword } from "./user.service";
import { authorizeUserOrganization } from "./user-access";

/** One created branch-secretary account, with its one-time password (shown once, in the workbook). */
export interface CreatedBranchSecretary {
  username: string;
  displayName: string;
  branchName: string;
  branchCode: string;
  oneTimePassword: string;
}

/** The user name proposed for a branch's secretary: "sj" (书记) and the branch's id, e.g. "sj1234". */
export function branchSecretaryUsername(branchId: number, attempt = 1): string {
  return attempt === 1 ? `sj${branchId}` : `sj${branchId}-${attempt}`;
}

/**
 * Creates a branch-secretary (团支部书记) account for every branch (团支部) of the subtree at
 * `organizationId` where nobody holds that role, each with a one-time password the secretary must
 * change at the first login (批量开通团支部书记账号, issue 17 part 1). User name "sj<branch id>"
 * (a suffix when taken), display name "<branch short name>书记". All or nothing, in one transaction;
 * the branches are locked, so a concurrent second run finds none left. Each account is audited as
 * user.create under its branch, and the hand-out of the passwords as user.export_one_time_passwords
 * (count and user names, never a password).
 *
 * Errors: 404 organization outside the scope; 403 without user:manage.
 */
export async function createBranchSecretaryAccounts(
  db: Database,
  actor: Actor,
  organizationId: number,
): Promise<{ organizationName: string; accounts: CreatedBranchSecretary[] }> {
  const root = await findOrganizationForGrant(db, organizationId);
  authorizeUserOrganization(actor, root);
  const accounts = await db.transaction(async (tx) => {
    const branches = await lockBranchesWithoutSecretary(tx, root.path);
    const taken = await findTakenUsernames(
      tx,
      branches.map((branch) => branchSecretaryUsername(branch.id)),
    );
    const created: CreatedBranchSecretary[] = [];
    for (const branch of branches) {
      let attempt = 1;
      let username = branchSecretaryUsername(branch.id);
      while (taken.has(username)) {
        attempt += 1;
        username = branchSecretaryUsername(branch.id, attempt);
        if ((await findTakenUsernames(tx, [username])).size === 0) break;
      }
      const oneTimePassword = generateOneTimePassword();
      const displayName = `${branch.shortName ?? branch.name}书记`;
      await createUser(tx, actor, {
        username,
        displayName,
        password: oneTimePassword,
        role: "branch_secretary",
        organizationId: branch.id,
        mustChangePassword: true,
      });
      created.push({
        username,
        displayName,
        branchName: branch.name,
        branchCode: branch.code,
        oneTimePassword,
      });
    }
    await recordAudit(tx, actor, {
      action: "user.export_one_time_passwords",
      entityType: "organization",
      entityId: root.id,
      organizationId: root.id,
      detail: { accounts: created.length, usernames: created.map((account) => account.username) },
    });
    return created;
  });
  return { organizationName: root.name, accounts };
}

/** Text for an exported cell (OWASP formula neutralizing, domain neutralizeSpreadsheetValue). */
function neutralizeSpreadsheetText(value: string): string {
  return String(neutralizeSpreadsheetValue(value));
}

/**
 * The printable hand-out of created accounts (.xlsx, one sheet 账号): 团支部, 组织编码, 用户名,
 * 姓名, 一次性密码, and a note that each password works once and must be changed at the first login.
 * A4 landscape, header repeated on every printed page.
 */
export async function branchSecretaryWorkbook(
  organizationName: string,
  accounts: readonly CreatedBranchSecretary[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "tuanwu";
  const sheet = workbook.addWorksheet("账号", {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.addRow([
    `${neutralizeSpreadsheetText(organizationName)} 团支部书记账号（一次性密码，首次登录须修改）`,
  ]);
  sheet.addRow([
    "团支部 Branch",
    "组织编码 Code",
    "用户名 User name",
    "账号名称 Name",
    "一次性密码 One-time password",
  ]);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.getRow(2).font = { bold: true };
  for (const account of accounts) {
    sheet.addRow([
      neutralizeSpreadsheetText(account.branchName),
      neutralizeSpreadsheetText(account.branchCode),
      account.username,
      neutralizeSpreadsheetText(account.displayName),
      account.oneTimePassword,
    ]);
  }
  sheet.columns.forEach((column, index) => {
    column.width = [34, 16, 16, 30, 24][index] ?? 16;
  });
  sheet.pageSetup.printTitlesRow = "2:2";
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
