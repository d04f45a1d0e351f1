import type { EligibleUnitsInput, SchoolEnrollmentInput, YouthPopulationInput } from "@tuanwu/domain";
import type { Database, Executor } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { findOrganizationById } from "../organizations/organization.repository";
import {
  type EnteredPlace,
  findEligibleUnits,
  findSchoolEnrollment,
  findYouthPopulation,
  replaceEligibleUnits,
  replaceSchoolEnrollment,
  replaceYouthPopulation,
} from "./entered-data.repository";
import { loadReadableOrganization } from "./indicator.service";

/**
 * Entered data (填报数据, issue 4 part 1): the figures indicators' denominators need that the registry
 * cannot know — youth population (团青比), school enrollment (团学比), eligible units (建团率) —
 * entered per organization with their source. Read with stats:read; replaced whole with
 * organization:write inside the actor's subtree, in one transaction, audited.
 */

interface EnteredKind<Entry> {
  find(db: Executor, place: EnteredPlace): Promise<(Entry & { enteredBy: number | null; enteredAt: Date })[]>;
  replace(
    db: Executor,
    place: EnteredPlace,
    enteredBy: number | null,
    entries: readonly Entry[],
  ): Promise<void>;
}

type YouthEntry = YouthPopulationInput["entries"][number];
type EnrollmentEntry = SchoolEnrollmentInput["entries"][number];
type UnitsEntry = EligibleUnitsInput["entries"][number];

const KINDS = {
  youth_population: { find: findYouthPopulation, replace: replaceYouthPopulation } as EnteredKind<YouthEntry>,
  school_enrollment: {
    find: findSchoolEnrollment,
    replace: replaceSchoolEnrollment,
  } as EnteredKind<EnrollmentEntry>,
  eligible_units: { find: findEligibleUnits, replace: replaceEligibleUnits } as EnteredKind<UnitsEntry>,
};

/** The kinds of entered data with their entry shapes. */
export interface EnteredEntries {
  youth_population: YouthEntry;
  school_enrollment: EnrollmentEntry;
  eligible_units: UnitsEntry;
}

function shown<Entry>(rows: readonly (Entry & { enteredBy: number | null; enteredAt: Date })[]) {
  return rows.map((row) => ({ ...row, enteredAt: row.enteredAt.toISOString() }));
}

/**
 * An organization's entries of one kind. Errors: 404 outside the scope; 403 without stats:read.
 */
export async function getEnteredData<Kind extends keyof EnteredEntries>(
  db: Executor,
  actor: Actor,
  organizationId: number,
  kind: Kind,
) {
  const organization = await loadReadableOrganization(db, actor, organizationId);
  const place = { organizationId, countyId: organization.countyId };
  const rows = await (KINDS[kind] as unknown as EnteredKind<EnteredEntries[Kind]>).find(db, place);
  return { organizationId, entries: shown(rows) };
}

/**
 * Replaces an organization's entries of one kind (validated by the domain schema before this is
 * called), in one transaction with the audit entry "organization.<kind>" (before and after).
 * Errors: 404 outside the scope; 403 without organization:write. Nothing is written on an error.
 */
export async function replaceEnteredData<Kind extends keyof EnteredEntries>(
  db: Database,
  actor: Actor,
  organizationId: number,
  kind: Kind,
  entries: readonly EnteredEntries[Kind][],
) {
  const handler = KINDS[kind] as unknown as EnteredKind<EnteredEntries[Kind]>;
  return db.transaction(async (tx) => {
    // FOR KEY SHARE: the organization cannot move or go while its entries are replaced (and the tally
    // triggers may still take FOR NO KEY UPDATE on it: findOrganizationById).
    const organization = requireFound(
      await findOrganizationById(tx, organizationId, "key share"),
      "organization",
    );
    // The county bucket names every statement below (one shard on Citus, docs/SCALING.md "Entered data by county").
    const place = { organizationId, countyId: organization.countyId };
    await requireAccess(tx, actor, {
      permission: "organization:write",
      kind: "organization",
      ids: [organizationId],
    });
    const before = await handler.find(tx, place);
    await handler.replace(tx, place, actor.userId, entries);
    const after = await handler.find(tx, place);
    const strip = (rows: typeof before) => rows.map(({ enteredAt: _at, enteredBy: _by, ...entry }) => entry);
    await recordAudit(tx, actor, {
      action: `organization.${kind}`,
      entityType: "organization",
      entityId: organizationId,
      organizationId,
      before: strip(before),
      after: strip(after),
    });
    return { organizationId, entries: shown(after) };
  });
}
