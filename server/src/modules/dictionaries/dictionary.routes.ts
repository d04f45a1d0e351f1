import {
  AGE_BAND_LABELS,
  CADRE_KINDS,
  EDUCATION_LEVELS,
  ETHNICITIES,
  LEAGUE_POSITIONS,
  MEMBER_STATUS_LABELS,
  OCCUPATIONS,
  ORGANIZATION_KIND_LABELS,
  ORGANIZATION_LEVEL_LABELS,
  POLITICAL_STATUSES,
  SECTOR_LABELS,
  SEX_LABELS,
} from "@tuanwu/domain";
import { z } from "zod";
import type { ZodApp } from "../../lib/zod-app";

const entriesSchema = z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() }));

function fromLabels(labels: Readonly<Record<string, { zh: string; en: string }>>) {
  return Object.entries(labels).map(([code, label]) => ({ code, zh: label.zh, en: label.en }));
}

/** GET /api/v1/dictionaries — the domain dictionaries (domain.md §1–2) for drop-downs and labels. Public. */
export async function registerDictionaryRoutes(app: ZodApp): Promise<void> {
  const body = {
    kinds: fromLabels(ORGANIZATION_KIND_LABELS),
    levels: fromLabels(ORGANIZATION_LEVEL_LABELS),
    sectors: fromLabels(SECTOR_LABELS),
    statuses: fromLabels(MEMBER_STATUS_LABELS),
    sexes: fromLabels(SEX_LABELS),
    ageBands: fromLabels(AGE_BAND_LABELS),
    ethnicities: [...ETHNICITIES],
    educationLevels: [...EDUCATION_LEVELS],
    occupations: [...OCCUPATIONS],
    politicalStatuses: [...POLITICAL_STATUSES],
    leaguePositions: [...LEAGUE_POSITIONS],
    cadreKinds: [...CADRE_KINDS],
  };
  app.get(
    "/dictionaries",
    {
      config: { permission: "public" },
      schema: {
        tags: ["dictionaries"],
        summary: "字典 Dictionaries",
        response: { 200: z.record(z.string(), entriesSchema) },
      },
    },
    async () => body,
  );
}
