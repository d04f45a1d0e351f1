import {
  CURRENT_MEMBER_STATUSES,
  DomainError,
  findIndicator,
  INDICATORS,
  type IndicatorDefinition,
  type IndicatorId,
  type IndicatorUnit,
  SECTORS,
  type Sector,
  type SectorIndicatorId,
} from "@tuanwu/domain";
import type { Executor } from "../../db/database";
import { forbidden, notFound } from "../../lib/http-errors";
import { type Actor, isPathInScope } from "../auth/actor";
import { countRecordedMembers, sumReportedMemberCounts } from "../members/member-completeness.repository";
import { percent } from "../members/member-completeness.service";
import { findOrganizationById } from "../organizations/organization.repository";
import { findSubtreeOrganizations, tallyMembers } from "../stats/stats.repository";

const CURRENT = new Set<string>(CURRENT_MEMBER_STATUSES);

/**
 * The figures of one subtree that indicators are computed from, each loaded at most once (lazily) by
 * the existing statistics and completeness queries, so that several indicators of one subtree cost
 * one scan each of what they share.
 */
export class SubtreeFigures {
  private recordedCounts?: Promise<{ recorded: number; complete: number }>;
  private reportedCount?: Promise<number | null>;
  private organizations?: ReturnType<typeof findSubtreeOrganizations>;
  private sectorMembers?: Promise<Map<string, number>>;

  constructor(
    private readonly db: Executor,
    readonly rootPath: string,
    readonly today: string,
  ) {}

  /** Current members (active, transferring, flowing) and those with every required field present. */
  recorded(): Promise<{ recorded: number; complete: number }> {
    this.recordedCounts ??= countRecordedMembers(this.db, this.rootPath).then((rows) => {
      const total = rows.find((row) => row.total);
      return { recorded: total?.recorded ?? 0, complete: total?.complete ?? 0 };
    });
    return this.recordedCounts;
  }

  /** 应录入数: the sum of the member counts the subtree's organizations reported; null when none did. */
  reported(): Promise<number | null> {
    this.reportedCount ??= sumReportedMemberCounts(this.db, this.rootPath).then(
      (rows) => rows.find((row) => row.total)?.reported ?? null,
    );
    return this.reportedCount;
  }

  /** Every organization of the subtree, its root included. */
  subtreeOrganizations(): ReturnType<typeof findSubtreeOrganizations> {
    this.organizations ??= findSubtreeOrganizations(this.db, this.rootPath);
    return this.organizations;
  }

  /** Current members per sector of their organization. */
  membersBySector(): Promise<Map<string, number>> {
    this.sectorMembers ??= Promise.all([
      this.subtreeOrganizations(),
      tallyMembers(this.db, this.rootPath, this.today),
    ]).then(([organizations, tallies]) => {
      const sectorOf = new Map(organizations.map((row) => [row.id, row.sector ?? "unknown"]));
      const counts = new Map<string, number>();
      for (const row of tallies.byOrganizationAndStatus) {
        if (!CURRENT.has(row.status)) continue;
        const sector = sectorOf.get(row.organizationId) ?? "unknown";
        counts.set(sector, (counts.get(sector) ?? 0) + row.count);
      }
      return counts;
    });
    return this.sectorMembers;
  }
}

/** Computes one indicator's value from a subtree's figures: a percent (one decimal), a count, or null. */
export type ComputeIndicator = (figures: SubtreeFigures) => Promise<number | null>;

function sectorComputations(sector: Sector): [SectorIndicatorId, ComputeIndicator][] {
  return [
    [`members_sector_${sector}`, async (figures) => (await figures.membersBySector()).get(sector) ?? 0],
    [
      `organizations_sector_${sector}`,
      async (figures) => (await figures.subtreeOrganizations()).filter((row) => row.sector === sector).length,
    ],
  ];
}

/**
 * How each indicator of the domain catalog (domain/src/indicators/catalog.ts) is computed, keyed by
 * its id: 录入率 = recorded / reported (percent; null when nothing is reported), 信息完整率 = complete /
 * recorded (null when no member is recorded), 团员数 = current members, 团组织数 = organizations of the
 * subtree, and per sector the members of that sector's organizations and the organizations of it.
 */
export const INDICATOR_COMPUTATIONS: Readonly<Record<IndicatorId, ComputeIndicator>> = {
  entry_rate: async (figures) => {
    const [{ recorded }, reported] = await Promise.all([figures.recorded(), figures.reported()]);
    return percent(recorded, reported);
  },
  completeness_rate: async (figures) => {
    const { recorded, complete } = await figures.recorded();
    return percent(complete, recorded);
  },
  members_total: async (figures) => (await figures.recorded()).recorded,
  organizations_total: async (figures) => (await figures.subtreeOrganizations()).length,
  ...(Object.fromEntries(SECTORS.flatMap(sectorComputations)) as Record<SectorIndicatorId, ComputeIndicator>),
};

/** An indicator's value for a subtree as of a date. */
export interface IndicatorValue {
  indicatorId: IndicatorId;
  organizationId: number;
  /** Percent 0–100 with one decimal, or a count; null when there is nothing to measure against. */
  value: number | null;
  unit: IndicatorUnit;
  /** "YYYY-MM-DD": the figures are those of the registry now, dated today. */
  asOf: string;
}

/** The catalog (every indicator's definition), in display order. */
export function listIndicators(): readonly IndicatorDefinition[] {
  return INDICATORS;
}

/**
 * The definition of `id`.
 * @throws DomainError "unknown_indicator" (field "indicatorId") with `status` (404 for a path, 400 for a body).
 */
export function requireIndicator(id: string, status: 400 | 404): IndicatorDefinition {
  const indicator = findIndicator(id);
  if (!indicator) {
    throw new DomainError(
      "unknown_indicator",
      `indicatorId：没有指标 “${id}” / no indicator “${id}” in the catalog`,
      { field: "indicatorId", status },
    );
  }
  return indicator;
}

/**
 * The values of `ids` for the subtree at `rootPath` as of `today` (figures shared between them).
 * No authorization: callers check the subtree first.
 */
export async function computeIndicators(
  db: Executor,
  rootPath: string,
  ids: readonly IndicatorId[],
  today: string,
): Promise<Map<IndicatorId, number | null>> {
  const figures = new SubtreeFigures(db, rootPath, today);
  const values = await Promise.all(ids.map((id) => INDICATOR_COMPUTATIONS[id](figures)));
  return new Map(ids.map((id, index) => [id, values[index] ?? null]));
}

/**
 * Indicator `indicatorId` for the subtree of organization `organizationId`, computed now (issue 5
 * part 6, domain.md §9). Errors: 404 unknown indicator (field "indicatorId"); 404 organization outside
 * the actor's subtree; 403 without stats:read.
 */
export async function getIndicatorValue(
  db: Executor,
  actor: Actor,
  organizationId: number,
  indicatorId: string,
  today: string,
): Promise<IndicatorValue> {
  const indicator = requireIndicator(indicatorId, 404);
  const root = await findOrganizationById(db, organizationId);
  if (!root || !isPathInScope(actor, root.path)) throw notFound("组织");
  if (!actor.permissions.has("stats:read")) throw forbidden();
  const values = await computeIndicators(db, root.path, [indicator.id], today);
  return {
    indicatorId: indicator.id,
    organizationId,
    value: values.get(indicator.id) ?? null,
    unit: indicator.unit,
    asOf: today,
  };
}
