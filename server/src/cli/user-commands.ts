import { readFileSync } from "node:fs";
import { DomainError, isRole, ROLE_LABELS, ROLES, type Role } from "@tuanwu/domain";
import type { Command } from "commander";
import { type Config, loadConfig } from "../config";
import type { DatabaseHandle } from "../db/database";
import { findUserByUsername } from "../modules/auth/auth.repository";
import { systemActor } from "../modules/auth/system-actor";
import { findOrganizationByCode } from "../modules/organizations/organization.repository";
import { issueApplicantAccount } from "../modules/users/applicant-account.service";
import { findManagedUsers, findUserView, type UserView } from "../modules/users/user.repository";
import {
  createUser,
  generateOneTimePassword,
  generatePassword,
  setUserPassword,
} from "../modules/users/user.service";
import { grantRole, revokeRole, setUserActive } from "../modules/users/user-management.service";

/** What the user commands borrow from commands.ts. */
export interface CliSupport {
  withDatabase<T>(config: Config, work: (handle: DatabaseHandle) => Promise<T>): Promise<T>;
  reportFailure(error: unknown, json: boolean): void;
}

function roleOption(value: string): Role {
  if (!isRole(value)) {
    throw new DomainError("invalid_input", `--role：应为 ${ROLES.join(", ")} / one of ${ROLES.join(", ")}`, {
      field: "role",
      status: 400,
    });
  }
  return value;
}

async function organizationByCode(handle: DatabaseHandle, code: string) {
  const organization = await findOrganizationByCode(handle.db, code);
  if (!organization) {
    throw new DomainError("not_found", `组织编码“${code}”不存在 / no organization with code ${code}`, {
      field: "org",
      status: 404,
    });
  }
  return organization;
}

async function userIdByName(handle: DatabaseHandle, username: string): Promise<number> {
  const user = await findUserByUsername(handle.db, username);
  if (!user) {
    throw new DomainError("user_not_found", `用户 ${username} 不存在 / no such user`, {
      field: "username",
      status: 404,
    });
  }
  return user.id;
}

function describeUser(user: UserView): string {
  const roles = user.roles
    .map((role) => `${ROLE_LABELS[role.role].zh}@${role.organizationName ?? "全部 all"}`)
    .join(", ");
  return `${user.username}\t${user.displayName}\t${user.isActive ? "启用 enabled" : "停用 disabled"}\t${roles}`;
}

/**
 * `user create … --application ID`: the applicant's account (issueApplicantAccount as the system
 * administrator). Refuses a role other than member, --org (the branch is the application's) and
 * --password-stdin (always a one-time password), each naming the option (400).
 */
async function createApplicantAccount(
  withDatabase: CliSupport["withDatabase"],
  username: string,
  role: Role,
  options: { name: string; org?: string; passwordStdin?: boolean; application?: string },
) {
  const applicationId = Number(options.application);
  if (!/^[1-9]\d{0,9}$/.test(options.application ?? "") || applicationId > 2_147_483_647) {
    throw new DomainError("invalid_input", "--application：应为申请编号 / an application id", {
      field: "application",
      status: 400,
    });
  }
  if (role !== "member") {
    throw new DomainError("invalid_input", "--role：申请人账号的角色为 member / must be member", {
      field: "role",
      status: 400,
    });
  }
  if (options.org !== undefined || options.passwordStdin === true) {
    throw new DomainError(
      "invalid_input",
      "--application：不能与 --org 或 --password-stdin 同用 / not with --org or --password-stdin",
      { field: "application", status: 400 },
    );
  }
  return withDatabase(loadConfig(), (handle) =>
    issueApplicantAccount(handle.db, systemActor(), applicationId, {
      username,
      displayName: options.name,
    }),
  );
}

/**
 * `tuanwu user …` (账号, issue 17 part 1), acting as the system administrator, audited like the web:
 * - `user create USERNAME --name NAME --role ROLE [--org CODE] [--password-stdin] [--json]` — a new
 *   account; without --password-stdin a one-time password is generated, printed and must be changed
 *   at the first login. --org is required for every role but system_admin.
 * - `user create USERNAME --name NAME --role member --application ID [--json]` — the applicant's own
 *   account of an application (入团申请, issue 10 part 7), as the branch issues it on the web
 *   (applicant-account.service issueApplicantAccount): role member on the application's branch, a
 *   one-time password, linked to the application and its workflow instance. No --org.
 * - `user list [--org CODE] [--role ROLE] [--disabled] [--json]` — accounts by user name (--org: holding
 *   a role in that subtree); --json prints {items, total}.
 * - `user disable USERNAME` (ends the sessions) / `user enable USERNAME`.
 * - `user grant USERNAME --role ROLE --org CODE` / `user revoke USERNAME --role ROLE --org CODE`
 *   (the web's rules; system_admin is granted at creation only).
 * - `user set-password USERNAME [--password-stdin]` — sets a password (generated and printed unless
 *   read from standard input) and ends the user's sessions.
 * Exit code 1 on any error (with --json, the error as JSON on stdout).
 */
export function registerUserCommands(program: Command, { withDatabase, reportFailure }: CliSupport): void {
  const user = program.command("user").description("用户管理 users");

  user
    .command("create")
    .description("新建账号 create an account (a one-time password is printed unless --password-stdin)")
    .argument("<username>")
    .requiredOption("--name <name>", "账号名称 display name")
    .requiredOption("--role <role>", `角色 role: ${ROLES.join(", ")}`)
    .option("--org <code>", "组织编码 the organization the role is held on (not for system_admin)")
    .option("--password-stdin", "read the password from standard input (not a one-time password)")
    .option("--application <id>", "入团申请 the applicant's own account of this application (role member)")
    .option("--json", "print {id, username, oneTimePassword} as JSON")
    .action(
      async (
        username: string,
        options: {
          name: string;
          role: string;
          org?: string;
          passwordStdin?: boolean;
          application?: string;
          json?: boolean;
        },
      ) => {
        const json = options.json === true;
        try {
          const role = roleOption(options.role);
          if (options.application !== undefined) {
            const created = await createApplicantAccount(withDatabase, username, role, options);
            if (json)
              console.log(
                JSON.stringify({ id: created.userId, username, oneTimePassword: created.oneTimePassword }),
              );
            else
              console.log(
                `tuanwu: created ${username} for application ${options.application}; one-time password 一次性密码 (change at first login): ${created.oneTimePassword}`,
              );
            return;
          }
          if ((role === "system_admin") !== (options.org === undefined)) {
            throw new DomainError(
              "invalid_input",
              "--org：系统管理员不设组织，其他角色必须指定 / required for every role but system_admin",
              { field: "org", status: 400 },
            );
          }
          const oneTime = options.passwordStdin !== true;
          const password = oneTime ? generateOneTimePassword() : readFileSync(0, "utf8").trim();
          const id = await withDatabase(loadConfig(), async (handle) => {
            const organizationId = options.org ? (await organizationByCode(handle, options.org)).id : null;
            return handle.db.transaction((tx) =>
              createUser(tx, systemActor(), {
                username,
                displayName: options.name,
                password,
                role,
                organizationId,
                mustChangePassword: oneTime,
              }),
            );
          });
          if (json) console.log(JSON.stringify({ id, username, oneTimePassword: oneTime ? password : null }));
          else if (oneTime)
            console.log(
              `tuanwu: created ${username}; one-time password 一次性密码 (change at first login): ${password}`,
            );
          else console.log(`tuanwu: created ${username}`);
        } catch (error) {
          reportFailure(error, json);
        }
      },
    );

  user
    .command("list")
    .description("账号列表 list accounts")
    .option("--org <code>", "only users holding a role in this organization's subtree")
    .option("--role <role>", "only users holding this role")
    .option("--disabled", "only disabled accounts")
    .option("--json", "print {items, total} as JSON")
    .action(async (options: { org?: string; role?: string; disabled?: boolean; json?: boolean }) => {
      const json = options.json === true;
      try {
        const role = options.role === undefined ? undefined : roleOption(options.role);
        const result = await withDatabase(loadConfig(), async (handle) => {
          const organizationPath = options.org
            ? (await organizationByCode(handle, options.org)).path
            : undefined;
          return findManagedUsers(
            handle.db,
            null,
            { organizationPath, role, disabled: options.disabled ? true : undefined },
            { limit: 100_000, offset: 0 },
          );
        });
        if (json) {
          console.log(
            JSON.stringify(
              {
                total: result.total,
                items: result.items.map(({ roles, createdAt, ...rest }) => ({
                  ...rest,
                  createdAt: createdAt.toISOString(),
                  roles: roles.map(({ organizationPath: _path, ...role }) => role),
                })),
              },
              null,
              2,
            ),
          );
        } else {
          for (const item of result.items) console.log(describeUser(item));
          console.log(`tuanwu: ${result.total} 个账号 accounts`);
        }
      } catch (error) {
        reportFailure(error, json);
      }
    });

  for (const [name, isActive] of [
    ["disable", false],
    ["enable", true],
  ] as const) {
    user
      .command(name)
      .description(
        isActive ? "启用账号 re-enable an account" : "停用账号 disable an account and end its sessions",
      )
      .argument("<username>")
      .action(async (username: string) => {
        try {
          await withDatabase(loadConfig(), async (handle) =>
            setUserActive(handle.db, systemActor(), await userIdByName(handle, username), isActive),
          );
          console.log(`tuanwu: ${username} ${isActive ? "启用 enabled" : "停用 disabled"}`);
        } catch (error) {
          reportFailure(error, false);
        }
      });
  }

  for (const name of ["grant", "revoke"] as const) {
    user
      .command(name)
      .description(name === "grant" ? "授予角色 grant a role on an organization" : "撤销角色 revoke a role")
      .argument("<username>")
      .requiredOption("--role <role>", `角色 role: ${ROLES.join(", ")}`)
      .requiredOption("--org <code>", "组织编码 the organization")
      .action(async (username: string, options: { role: string; org: string }) => {
        try {
          const role = roleOption(options.role);
          await withDatabase(loadConfig(), async (handle) => {
            const actor = systemActor();
            const userId = await userIdByName(handle, username);
            const organization = await organizationByCode(handle, options.org);
            if (name === "grant") {
              await grantRole(handle.db, actor, userId, { role, organizationId: organization.id });
              return;
            }
            const held = (await findUserView(handle.db, userId))?.roles.find(
              (grant) => grant.role === role && grant.organizationId === organization.id,
            );
            if (!held) {
              throw new DomainError(
                "not_found",
                `${username} 在 ${options.org} 没有角色 ${role} / no such role`,
                {
                  field: "role",
                  status: 404,
                },
              );
            }
            await revokeRole(handle.db, actor, userId, held.id);
          });
          console.log(
            `tuanwu: ${name === "grant" ? "granted" : "revoked"} ${role} @ ${options.org} ${username}`,
          );
        } catch (error) {
          reportFailure(error, false);
        }
      });
  }

  user
    .command("set-password")
    .description("设置密码 set a user's password (generated and printed unless --password-stdin)")
    .argument("<username>")
    .option("--password-stdin", "read the new password from standard input")
    .action(async (username: string, options: { passwordStdin?: boolean }) => {
      try {
        const password = options.passwordStdin ? readFileSync(0, "utf8").trim() : generatePassword();
        await withDatabase(loadConfig(), (handle) =>
          setUserPassword(handle.db, systemActor(), username, password),
        );
        console.log(
          options.passwordStdin
            ? `tuanwu: password of ${username} set`
            : `tuanwu: new password of ${username}: ${password}`,
        );
      } catch (error) {
        reportFailure(error, false);
      }
    });
}
