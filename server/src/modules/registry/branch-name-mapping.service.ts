import { canHoldChild, DomainError, normalizeOrganizationName, type OrganizationKind } from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { findOrganizationById } from "../organizations/organization.repository";
import {
  deleteBranchNameMapping,
  findBranchNameMappings,
  findMappingTargets,
  upsertBranchNameMappings,
} from "./branch-name-mapping.repository";

/** One remembered mapping as shown: the written name and the branch it means (or where to create it). */
export interface BranchNameMappingView {
  id: number;
  sourceName: string;
  branch: { id: number; name: string; code: string } | null;
  createUnder: { id: number; name: string; code: string } | null;
  updatedAt: string;
}

/** A mapping to save: the written 所在团支部 and exactly one of an existing branch or a parent to create it under. */
export interface BranchNameMappingInput {
  sourceName: string;
  branchId?: number | undefined;
  createUnderId?: number | undefined;
}

/**
 * The 所在团支部 name mapping remembered for an organization (团支部名称对照, issue 15 part 5), by
 * written name. Errors: 404 outside the actor's scope; 403 without member:read.
 */
export async function listBranchNameMappings(
  db: Database,
  actor: Actor,
  organizationId: number,
): Promise<BranchNameMappingView[]> {
  await requireAccess(db, actor, { permission: "member:read", kind: "organization", ids: [organizationId] });
  const rows = await findBranchNameMappings(db, organizationId);
  return rows.map((row) => ({
    id: row.id,
    sourceName: row.sourceName,
    branch:
      row.branchId !== null && row.branchName !== null && row.branchCode !== null
        ? { id: row.branchId, name: row.branchName, code: row.branchCode }
        : null,
    createUnder:
      row.createUnderId !== null && row.createUnderName !== null && row.createUnderCode !== null
        ? { id: row.createUnderId, name: row.createUnderName, code: row.createUnderCode }
        : null,
    updatedAt: row.updatedAt.toISOString(),
  }));
}

/**
 * Saves mappings for an organization (insert, or replace the one with the same normalized name). Each
 * names exactly one of `branchId` (a branch 团支部 inside the organization's subtree) or `createUnderId`
 * (an organization of the subtree that may hold a branch: the branch is created with the written name
 * on the next committed import). One transaction, audited `registry.branch_names.save`.
 * Errors: 404 outside the scope; 403 without member:write; 400 naming the entry and field for an empty
 * name, both or neither target, a target outside the subtree, not a branch, or unable to hold one.
 */
export async function saveBranchNameMappings(
  db: Database,
  actor: Actor,
  organizationId: number,
  entries: readonly BranchNameMappingInput[],
): Promise<void> {
  await requireAccess(db, actor, { permission: "member:write", kind: "organization", ids: [organizationId] });
  await db.transaction(async (tx) => {
    // FOR KEY SHARE: the root's subtree cannot move meanwhile (findOrganizationById).
    const root = requireFound(await findOrganizationById(tx, organizationId, "key share"), "organization");
    const targets = new Map(
      (
        await findMappingTargets(
          tx,
          entries.flatMap((entry) =>
            [entry.branchId, entry.createUnderId].filter((id): id is number => id !== undefined),
          ),
        )
      ).map((row) => [row.id, row]),
    );
    const rows = entries.map((entry, index) => {
      const at = `第${index + 1}项`;
      const sourceName = entry.sourceName.trim();
      if (sourceName === "") {
        throw new DomainError("invalid_mapping", `${at}：所在团支部名称不能为空`, {
          field: "sourceName",
          status: 400,
        });
      }
      if ((entry.branchId === undefined) === (entry.createUnderId === undefined)) {
        throw new DomainError(
          "invalid_mapping",
          `${at}“${sourceName}”：请选择对应的团支部，或选择在哪个组织下新建`,
          {
            field: "branchId",
            status: 400,
          },
        );
      }
      const field = entry.branchId !== undefined ? "branchId" : "createUnderId";
      const target = targets.get((entry.branchId ?? entry.createUnderId) as number);
      if (!target?.path.startsWith(root.path)) {
        throw new DomainError("invalid_mapping", `${at}“${sourceName}”：所选组织不在“${root.name}”之下`, {
          field,
          status: 400,
        });
      }
      if (field === "branchId" && target.kind !== "branch") {
        throw new DomainError("invalid_mapping", `${at}“${sourceName}”：所选组织不是团支部`, {
          field,
          status: 400,
        });
      }
      if (field === "createUnderId" && !canHoldChild(target.kind as OrganizationKind, "branch")) {
        throw new DomainError("invalid_mapping", `${at}“${sourceName}”：所选组织下不能设立团支部`, {
          field,
          status: 400,
        });
      }
      return {
        organizationId: root.id,
        sourceName,
        sourceKey: normalizeOrganizationName(sourceName),
        branchId: entry.branchId ?? null,
        createUnderId: entry.createUnderId ?? null,
        updatedBy: actor.userId,
      };
    });
    await upsertBranchNameMappings(tx, rows);
    await recordAudit(tx, actor, {
      action: "registry.branch_names.save",
      entityType: "organization",
      entityId: root.id,
      organizationId: root.id,
      detail: {
        mappings: rows.map(({ sourceName, branchId, createUnderId }) => ({
          sourceName,
          branchId,
          createUnderId,
        })),
      },
    });
  });
}

/**
 * Forgets one mapping of an organization. Audited `registry.branch_names.delete`.
 * Errors: 404 outside the scope or no such mapping for this organization; 403 without member:write.
 */
export async function removeBranchNameMapping(
  db: Database,
  actor: Actor,
  organizationId: number,
  mappingId: number,
): Promise<void> {
  await requireAccess(db, actor, { permission: "member:write", kind: "organization", ids: [organizationId] });
  await db.transaction(async (tx) => {
    const deleted = await deleteBranchNameMapping(tx, organizationId, mappingId);
    if (!deleted) throw new DomainError("not_found", "名称对照不存在", { field: "mappingId", status: 404 });
    await recordAudit(tx, actor, {
      action: "registry.branch_names.delete",
      entityType: "organization",
      entityId: organizationId,
      organizationId,
      before: {
        sourceName: deleted.sourceName,
        branchId: deleted.branchId,
        createUnderId: deleted.createUnderId,
      },
    });
  });
}
