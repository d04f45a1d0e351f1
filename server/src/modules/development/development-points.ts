import {
  DEFAULT_POINTS_SCHEME,
  type PointsResult,
  type PointsScheme,
  type PrerequisiteRecord,
  pointsSchemeSchema,
  scoreApplicant,
} from "@tuanwu/domain";
import type { Executor } from "../../db/database";
import { findApplicablePointsScheme, sumPrerequisites } from "./development.repository";

/**
 * The points scheme (积分入团方案) that applies at the organization at `path`: the nearest ancestor's
 * (or its own), else DEFAULT_POINTS_SCHEME; `organizationId` is whose it is (null for the default). A
 * stored scheme that no longer parses falls back to the default.
 */
export async function resolvePointsScheme(
  db: Executor,
  path: string,
): Promise<{ scheme: PointsScheme; organizationId: number | null }> {
  const found = await findApplicablePointsScheme(db, path);
  if (!found) return { scheme: DEFAULT_POINTS_SCHEME, organizationId: null };
  const parsed = pointsSchemeSchema.safeParse(found.scheme);
  return parsed.success
    ? { scheme: parsed.data, organizationId: found.organizationId }
    : { scheme: DEFAULT_POINTS_SCHEME, organizationId: null };
}

/** An applicant's points with the scheme's labels (the application page's 积分 panel). */
export function describePoints(scheme: PointsScheme, result: PointsResult) {
  return {
    total: result.total,
    threshold: scheme.threshold,
    meetsThreshold: result.meetsThreshold,
    missingCount: result.missing.length,
    items: result.items.map((item, index) => ({
      code: item.code,
      label: scheme.items[index]?.label.zh ?? item.code,
      units: item.units,
      points: item.points,
      requiredMinimum: scheme.items[index]?.requiredMinimum ?? null,
      missing: item.missing,
    })),
    missing: result.missing,
  };
}

/**
 * Score applications (积分, issue 10 part 3) from their recorded prerequisites in `year` against
 * `scheme`: application id → result.
 */
export async function scoreApplications(
  db: Executor,
  scheme: PointsScheme,
  applicationIds: readonly number[],
  year: number,
): Promise<Map<number, PointsResult>> {
  const units = await sumPrerequisites(db, applicationIds, year);
  const scores = new Map<number, PointsResult>();
  for (const id of applicationIds) {
    scores.set(id, scoreApplicant(scheme, (units.get(id) ?? {}) as PrerequisiteRecord));
  }
  return scores;
}
