import type { Role } from "@tuanwu/domain";
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { organization } from "./organization";

/** 用户 — a person who logs in. Passwords are argon2id hashes only. */
export const appUser = pgTable(
  "app_user",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * The password is a one-time password (a new account, or a reset by an administrator): the user
     * must choose their own before doing anything else (users.service, issue 17 part 1).
     */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    /**
     * The member record this account belongs to (a member signed in on a phone: my record, my archive,
     * issue 10 part 7); null for staff accounts and for an applicant not yet admitted.
     */
    memberId: bigint("member_id", { mode: "number" }),
  },
  (t) => [uniqueIndex("app_user_username_key").on(t.username)],
);

/**
 * A role a user holds at an organization; the organization's subtree is the role's scope.
 * A system administrator's role has no organization (the whole tree).
 */
export const userRole = pgTable(
  "user_role",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => appUser.id, { onDelete: "cascade" }),
    role: text("role").$type<Role>().notNull(),
    organizationId: integer("organization_id").references(() => organization.id),
  },
  (t) => [
    uniqueIndex("user_role_key").on(t.userId, t.role, t.organizationId),
    index("user_role_organization_idx").on(t.organizationId),
    check(
      "user_role_role_check",
      sql`${t.role} in ('system_admin', 'org_admin', 'branch_secretary', 'evaluator', 'member')`,
    ),
    check("user_role_scope_check", sql`(${t.role} = 'system_admin') = (${t.organizationId} is null)`),
  ],
);

/** A login session; the cookie carries a random token, the table only its SHA-256. */
export const userSession = pgTable(
  "user_session",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => appUser.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("user_session_user_idx").on(t.userId), index("user_session_expires_idx").on(t.expiresAt)],
);
