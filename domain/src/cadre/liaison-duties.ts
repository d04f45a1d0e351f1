/**
 * A League cadre's yearly liaison duties 联系服务青年 (domain.md §6; issue 13 part 5), counted from
 * the contact logs of the year and the cadre's "两联" branch assignments.
 *
 * Sources: ≥ 4 lectures 讲团课, ≥ 10 visits 走访, ≥ 20 talks with branch cadres 谈心谈话, ≥ 100 youth
 * met — the Henan requirement per cadre and year; each higher-level cadre linked to ≥ 3 branches
 * 联系基层团支部 (domain.md §6, the same paragraph). Grassroots days 下基层天数 are counted and shown
 * without a yearly minimum (Taiyuan reports 190 days for its whole committee, not per cadre).
 */

/** Kinds of contact log (contact_log.kind). */
export const CONTACT_LOG_KINDS = ["lecture", "visit", "talk", "youth_meeting", "grassroots_day"] as const;

/** A contact log kind (see {@link CONTACT_LOG_KINDS}). */
export type ContactLogKind = (typeof CONTACT_LOG_KINDS)[number];

/** Display labels of {@link CONTACT_LOG_KINDS}. */
export const CONTACT_LOG_KIND_LABELS: Readonly<Record<ContactLogKind, string>> = {
  lecture: "讲团课",
  visit: "走访",
  talk: "谈心谈话",
  youth_meeting: "联系青年",
  grassroots_day: "下基层",
};

/** What a duty counts. */
export type LiaisonDutyKey = "lectures" | "visits" | "talks" | "youthMet" | "linkedBranches";

/** The yearly duties as data: key, label, minimum, source. */
export const LIAISON_DUTIES: readonly {
  key: LiaisonDutyKey;
  label: string;
  minimum: number;
  unit: string;
  source: string;
}[] = [
  { key: "lectures", label: "讲团课", minimum: 4, unit: "次", source: "Henan; domain.md §6" },
  { key: "visits", label: "走访", minimum: 10, unit: "次", source: "Henan; domain.md §6" },
  { key: "talks", label: "与基层团干部谈心谈话", minimum: 20, unit: "次", source: "Henan; domain.md §6" },
  { key: "youthMet", label: "联系青年", minimum: 100, unit: "人", source: "Henan; domain.md §6" },
  { key: "linkedBranches", label: "联系基层团支部", minimum: 3, unit: "个", source: "domain.md §6" },
];

/** One contact log as the duties count it. */
export interface DutyContact {
  kind: ContactLogKind;
  /** "YYYY-MM-DD". */
  occurredOn: string;
  /** Youth met at this contact (0 or more). */
  youthCount: number;
}

/** A duty's progress for the year. */
export interface DutyProgress {
  key: LiaisonDutyKey;
  label: string;
  minimum: number;
  unit: string;
  done: number;
  met: boolean;
}

/** A cadre's duties for a year: each duty, whether all are met, and the grassroots days. */
export interface YearlyDuties {
  year: number;
  duties: DutyProgress[];
  allMet: boolean;
  /** Distinct dates of the year with a grassroots-day log 下基层天数. */
  grassrootsDays: number;
  /** Logs of the year (all kinds). */
  contacts: number;
}

/**
 * A cadre's duties of `year` from their contact logs (logs of other years are ignored) and the
 * number of distinct branches they are linked to (cadre_to_branch assignments). Lectures, visits and
 * talks count logs of that kind; youth met is the sum of youth counts over every log of the year.
 */
export function countYearlyDuties(
  year: number,
  contacts: readonly DutyContact[],
  linkedBranches: number,
): YearlyDuties {
  const prefix = `${String(year).padStart(4, "0")}-`;
  const ofYear = contacts.filter((contact) => contact.occurredOn.startsWith(prefix));
  const countKind = (kind: ContactLogKind) => ofYear.filter((contact) => contact.kind === kind).length;
  const done: Record<LiaisonDutyKey, number> = {
    lectures: countKind("lecture"),
    visits: countKind("visit"),
    talks: countKind("talk"),
    youthMet: ofYear.reduce((sum, contact) => sum + contact.youthCount, 0),
    linkedBranches,
  };
  const duties = LIAISON_DUTIES.map(({ key, label, minimum, unit }) => ({
    key,
    label,
    minimum,
    unit,
    done: done[key],
    met: done[key] >= minimum,
  }));
  const grassrootsDates = new Set(
    ofYear.filter((contact) => contact.kind === "grassroots_day").map((contact) => contact.occurredOn),
  );
  return {
    year,
    duties,
    allMet: duties.every((duty) => duty.met),
    grassrootsDays: grassrootsDates.size,
    contacts: ofYear.length,
  };
}
