import {
  DomainError,
  domainErrorFromIssues,
  type PointsScheme,
  PREREQUISITE_SOURCE_LABELS,
  type PrerequisiteSource,
  pointsSchemeSchema,
} from "@tuanwu/domain";
import type { Database } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { findOrganizationById } from "../organizations/organization.repository";
import { findWorkflowInstance } from "../workflow/workflow.repository";
import {
  findDevelopmentApplication,
  findPrerequisiteRecords,
  insertPrerequisiteRecord,
  upsertPointsScheme,
} from "./development.repository";
import { prerequisiteInputSchema } from "./development.schemas";
import { describePoints, resolvePointsScheme, scoreApplications } from "./development-points";

/** Organization levels that configure a points scheme (the county, or a committee above it). */
const SCHEME_LEVELS = new Set(["county", "city", "province", "national"]);

function recordView(row: Awaited<ReturnType<typeof findPrerequisiteRecords>>[number]) {
  return {
    id: row.id,
    item: row.item as PrerequisiteSource,
    itemLabel: PREREQUISITE_SOURCE_LABELS[row.item as PrerequisiteSource]?.zh ?? row.item,
    units: Number(row.units),
    occurredOn: row.occurredOn,
    origin: row.origin,
    note: row.note,
    recordedAt: new Date(row.recordedAt).toISOString(),
  };
}

/**
 * An applicant's prerequisite records (团课, 思政课, volunteer hours, 青年大学习, activities, peer
 * review — 积分入团/评议入团, issue 10 part 3), newest first, with the points they give against the
 * applicable scheme for `today`'s year (items, total, threshold, what is missing).
 * Errors: 404 unknown or outside the subtree; 403 without member:read.
 */
export async function listPrerequisites(db: Database, actor: Actor, applicationId: number, today: string) {
  await requireAccess(db, actor, {
    permission: "member:read",
    kind: "development_application",
    ids: [applicationId],
  });
  const found = requireFound(await findDevelopmentApplication(db, applicationId), "development_application");
  const { scheme } = await resolvePointsScheme(db, found.organizationPath);
  const scores = await scoreApplications(db, scheme, [applicationId], Number(today.slice(0, 4)));
  const score = scores.get(applicationId);
  return {
    records: (await findPrerequisiteRecords(db, found.application)).map(recordView),
    points: describePoints(scheme, score ?? { total: 0, items: [], meetsThreshold: false, missing: [] }),
  };
}

/**
 * Records one prerequisite fact of an open application (entered by the branch: origin "branch";
 * organizational life and volunteer work feed the same table later with their own origin). The date
 * is not after `today`. Audit "development.prerequisite"; one transaction. Returns the record.
 * Errors: 404 outside the subtree; 403 without member:write; 400 naming the field; 422
 * application_closed (archived, rejected or withdrawn).
 */
export async function recordPrerequisite(
  db: Database,
  actor: Actor,
  applicationId: number,
  input: { item: PrerequisiteSource; units: number; occurredOn: string; note?: string | undefined },
  today: string,
) {
  const parsed = prerequisiteInputSchema.safeParse(input);
  if (!parsed.success) throw domainErrorFromIssues(parsed.error.issues);
  const fact = parsed.data;
  if (fact.occurredOn > today) {
    throw new DomainError("invalid_input", `日期：不能晚于今天（${today}）`, {
      field: "occurredOn",
      status: 400,
    });
  }
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, {
      permission: "member:write",
      kind: "development_application",
      ids: [applicationId],
    });
    const found = requireFound(
      await findDevelopmentApplication(tx, applicationId),
      "development_application",
    );
    const instance = await findWorkflowInstance(tx, found.application.instanceId);
    if (instance?.closedAt) {
      throw new DomainError("application_closed", "入团申请：已办结，不能再记录前置条件", { status: 422 });
    }
    const id = await insertPrerequisiteRecord(tx, {
      countyId: found.application.countyId,
      applicationId,
      item: fact.item,
      units: fact.units,
      occurredOn: fact.occurredOn,
      origin: "branch",
      note: fact.note ?? null,
      recordedBy: actor.userId,
    });
    await recordAudit(tx, actor, {
      action: "development.prerequisite",
      entityType: "development_application",
      entityId: applicationId,
      organizationId: found.application.organizationId,
      after: { id, ...fact },
    });
    const rows = await findPrerequisiteRecords(tx, found.application);
    const row = requireFound(
      rows.find((each) => each.id === id),
      "development_application",
    );
    return recordView(row);
  });
}

/**
 * The points scheme (积分入团方案) that applies at an organization: its own, the nearest ancestor's,
 * or the default; `fromOrganizationId` says whose (null: the default), `own` whether it is the
 * organization's own. Errors: 404 outside the subtree; 403 without member:read.
 */
export async function getPointsScheme(db: Database, actor: Actor, organizationId: number) {
  const [target] = await requireAccess(db, actor, {
    permission: "member:read",
    kind: "organization",
    ids: [organizationId],
  });
  const resolved = await resolvePointsScheme(db, target?.path ?? "");
  return {
    scheme: { threshold: resolved.scheme.threshold, items: [...resolved.scheme.items] },
    fromOrganizationId: resolved.organizationId,
    own: resolved.organizationId === organizationId,
  };
}

/**
 * Sets a county's points scheme (items, points per unit, caps, threshold, required minimums) as data,
 * validated by domain pointsSchemeSchema; it applies to the whole subtree unless a committee below
 * has its own. Audit "development.points_scheme" with before and after; one transaction.
 * Errors: 404 outside the subtree; 403 without member:write; 400 naming the field (items.N.field);
 * 422 points_scheme_county_only below the county level.
 */
export async function setPointsScheme(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: PointsScheme,
) {
  const parsed = pointsSchemeSchema.safeParse(input);
  if (!parsed.success) throw domainErrorFromIssues(parsed.error.issues);
  return db.transaction(async (tx) => {
    const [target] = await requireAccess(tx, actor, {
      permission: "member:write",
      kind: "organization",
      ids: [organizationId],
    });
    const organization = requireFound(await findOrganizationById(tx, organizationId), "organization");
    if (!SCHEME_LEVELS.has(organization.level)) {
      throw new DomainError("points_scheme_county_only", "积分方案：由县级及以上团委制定", { status: 422 });
    }
    const before = await resolvePointsScheme(tx, target?.path ?? organization.path);
    await upsertPointsScheme(tx, organizationId, parsed.data, actor.userId);
    await recordAudit(tx, actor, {
      action: "development.points_scheme",
      entityType: "organization",
      entityId: organizationId,
      organizationId,
      before: before.organizationId === organizationId ? before.scheme : null,
      after: parsed.data,
    });
    return { scheme: parsed.data, fromOrganizationId: organizationId, own: true };
  });
}
