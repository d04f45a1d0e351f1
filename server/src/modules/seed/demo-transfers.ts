import {
  addDays,
  defaultSeasonSettings,
  type GraduateDestination,
  type TransferAction,
  type TransferReason,
} from "@tuanwu/domain";
import type { Database } from "../../db/database";
import type { Actor } from "../auth/actor";
import { setGraduationDate, setSeason } from "../transfer-season/transfer-season.service";
import { applyTransferTransition, startTransfer } from "../transfers/transfers.service";
import { WorkflowRefusal } from "../workflow/workflow-errors";
import { findDemoTransferPlaces } from "./demo-seed.repository";
import { dateTransferLastStep } from "./demo-transfers.repository";

/**
 * The graduation season in the demo county (组织关系转接, issue 11 part 8): the senior high school's
 * graduating class (高三（1）班 and （2）班) mid-season — each graduate's transfer started by the school
 * and routed by destination (continuing study → the vocational school;
 * employed → an enterprise's branch, or the township that assigns one; unplaced → the residence
 * township), left at every step: awaiting the school committee, the receiving side, the receiving
 * committee, completed (some after the deadline), returned, withdrawn. All through the transfer
 * services (startTransfer, applyTransferTransition), so the steps, work items, archive entries and
 * counters are as the web makes them; step dates run from 1 July of the season to mid-September, and
 * each transfer's current step is dated on its last step's day (the work lists' age reads it).
 *
 * Overdue at the seed's today: the season shown is the latest whose approval deadline (30 September,
 * set by the county for that year) plus the 10 days of review (domain isOverdueAfterSeason) has passed
 * by today — this year's from 11 October, else last year's — so the transfers still open are overdue
 * and the work lists and the season dashboard show overdue figures. The two classes carry that
 * season's graduation date (20 June).
 *
 * Graduates leaving the county: the demo installation holds one county, so they are transfers out of
 * the installation 转出本系统 (a university, an employer's district elsewhere), two approved by the
 * school's committee with the introduction letter (transferred_out), two still awaiting it.
 */

/** What the demo's season part created. */
export interface DemoTransferSummary {
  seasonYear: number;
  transfers: number;
  completed: number;
  /** Graduates transferred out of the installation (转出本系统, with the introduction letter). */
  transferredOut: number;
}

/** Where each graduate's transfer is left, in the order the class list is walked. */
const FINAL_STATES = [
  "completed",
  "awaiting_receiving_branch",
  "completed",
  "awaiting_sending_committee",
  "completed",
  "awaiting_receiving_committee",
  "completed",
  "returned",
  "completed",
  "awaiting_receiving_branch",
  "completed",
  "withdrawn",
] as const;

type FinalState = (typeof FINAL_STATES)[number];

const DESTINATIONS: readonly GraduateDestination[] = ["continuing_study", "employed", "employed", "unplaced"];

/** The day of a season after which an open transfer is overdue: 30 Sep + 10 days (domain.md §4). */
const OVERDUE_FROM = "10-11";

/**
 * The season the demo shows on `today`: the latest whose approval deadline and 10 days of review have
 * passed (this year's from 11 October, else last year's), so that its open transfers are overdue.
 */
export function demoSeasonYearOf(today: string): number {
  const year = Number(today.slice(0, 4));
  return today.slice(5) >= OVERDUE_FROM ? year : year - 1;
}

/**
 * Seeds the season (see the module's description) as `actor` (a system actor: every side's step).
 * @returns the season's year, transfers started, completed.
 */
export async function seedDemoTransfers(
  db: Database,
  actor: Actor,
  county: { id: number; path: string },
  today: string,
): Promise<DemoTransferSummary> {
  const places = await findDemoTransferPlaces(db, county.path);
  const seasonYear = demoSeasonYearOf(today);
  const seasonStart = `${seasonYear}-07-01`;
  const seasonNow = `${seasonYear}-09-15`;
  // The county's own season (the default deadlines, a year in the mobile members' branch) and the
  // classes' graduation date, as a committee and the school set them in the web.
  const { initiatedBy, approvedBy, completedBy } = defaultSeasonSettings(seasonYear);
  await setSeason(db, actor, county.id, seasonYear, {
    initiatedBy,
    approvedBy,
    completedBy,
    mobileBranchMonths: 12,
  });
  for (const graduatingClass of places.classes) {
    await setGraduationDate(db, actor, graduatingClass.id, `${seasonYear}-06-20`);
  }
  const span = Math.max(1, Math.round((Date.parse(seasonNow) - Date.parse(seasonStart)) / 86_400_000));

  const route = (
    index: number,
  ): { destination: GraduateDestination; to: number; reason: TransferReason; committee: boolean } | null => {
    const destination = DESTINATIONS[index % DESTINATIONS.length] as GraduateDestination;
    const township = places.townships[index % Math.max(1, places.townships.length)];
    if (destination === "continuing_study") {
      const vocational = places.vocationalBranches[index % Math.max(1, places.vocationalBranches.length)];
      return vocational
        ? { destination, to: vocational.id, reason: "further_study", committee: false }
        : null;
    }
    if (destination === "employed" && index % 8 === 1) {
      const employer = places.employerBranches[index % Math.max(1, places.employerBranches.length)];
      if (employer) {
        return {
          destination,
          to: employer.id,
          reason: "employed_with_league_organization",
          committee: false,
        };
      }
    }
    if (!township) return null;
    return {
      destination,
      to: township.id,
      reason: destination === "employed" ? "employed_without_league_organization" : "moved_residence",
      committee: true,
    };
  };

  let transfers = 0;
  let completed = 0;
  for (const [index, graduate] of places.members.slice(0, 36).entries()) {
    const target = route(index);
    if (!target) continue;
    // Shifted every fourth graduate, so that each destination (every fourth continues study) meets
    // every final state, not only "completed".
    const final: FinalState = FINAL_STATES[
      (index + Math.floor(index / 4)) % FINAL_STATES.length
    ] as FinalState;
    // Dates in order within the season: started, then a step every few days.
    let on = addDays(seasonStart, Math.floor((index * span) / 48));
    const next = () => {
      on = [addDays(on, 2 + (index % 9)), seasonNow].sort()[0] as string;
      return on;
    };
    const started = await startTransfer(
      db,
      actor,
      {
        memberId: graduate.id,
        toOrganizationId: target.to,
        reason: target.reason,
        kind: target.destination === "continuing_study" ? "school_to_school" : "school_to_society",
        startedOn: on,
      },
      on,
      { seasonYear, destination: target.destination, initiator: "sending" },
    );
    transfers += 1;
    const step = stepperOf(db, actor, started.id, started.version, next);
    const walk = async (): Promise<void> => {
      if (final === "awaiting_sending_committee") return;
      if (final === "withdrawn") {
        await step("withdraw_by_sending", { reason: "毕业生本人申请暂缓转接" });
        return;
      }
      await step("approve_sending_committee");
      if (final === "awaiting_receiving_branch") return;
      if (final === "returned") {
        await step("return_transfer", { reason: "接收地信息有误，请核实后重新发起" });
        return;
      }
      const assigned = target.committee ? firstBranchOf(places, target.to) : undefined;
      await step("accept_receiving", assigned ? { assignedBranchId: assigned } : {});
      if (final === "awaiting_receiving_committee") return;
      await step("approve_receiving_committee");
      completed += 1;
    };
    await walk();
    await dateTransferLastStep(db, started.id, on);
  }

  // Graduates leaving the county (转出本系统): to organizations tuanwu does not hold, each approved by
  // the school's committee with the introduction letter, or still awaiting it (and so overdue). Half of
  // the class's remaining graduates at most, the others left for a class batch in the web.
  const remaining = places.members.slice(36);
  const leaving = remaining.slice(0, Math.min(LEAVING.length, Math.floor(remaining.length / 2)));
  let transferredOut = 0;
  for (const [index, graduate] of leaving.entries()) {
    const away = LEAVING[index] as (typeof LEAVING)[number];
    let on = addDays(seasonStart, 10 + index * 9);
    const next = () => {
      on = addDays(on, 5 + index);
      return on;
    };
    const started = await startTransfer(
      db,
      actor,
      {
        memberId: graduate.id,
        toExternalName: away.name,
        toExternalAddress: away.address,
        toExternalContact: away.contact,
        reason:
          away.destination === "continuing_study" ? "further_study" : "employed_with_league_organization",
        kind: away.destination === "continuing_study" ? "school_to_school" : "school_to_society",
        startedOn: on,
      },
      on,
      { seasonYear, destination: away.destination, initiator: "sending" },
    );
    transfers += 1;
    if (away.approved) {
      await stepperOf(
        db,
        actor,
        started.id,
        started.version,
        next,
      )("approve_transfer_out", {
        note: "同意转出，已开具组织关系介绍信",
      });
      transferredOut += 1;
    }
    await dateTransferLastStep(db, started.id, on);
  }
  return { seasonYear, transfers, completed, transferredOut };
}

/** The graduates leaving the county: where to, and whether the school's committee has approved yet. */
const LEAVING = [
  {
    name: "共青团四川大学委员会",
    address: "四川省成都市武侯区一环路南一段24号",
    contact: "校团委组织部 028-85400000",
    destination: "continuing_study",
    approved: true,
  },
  {
    name: "共青团深圳市南山区委员会",
    address: "广东省深圳市南山区桃园路",
    contact: "区团委组织部 0755-26600000",
    destination: "employed",
    approved: true,
  },
  {
    name: "共青团西南交通大学委员会",
    address: "四川省成都市郫都区犀安路999号",
    contact: "校团委组织部 028-66360000",
    destination: "continuing_study",
    approved: false,
  },
  {
    name: "共青团重庆市渝北区委员会",
    address: "重庆市渝北区双龙大道",
    contact: "区团委组织部 023-67800000",
    destination: "employed",
    approved: false,
  },
] as const satisfies readonly {
  name: string;
  address: string;
  contact: string;
  destination: GraduateDestination;
  approved: boolean;
}[];

/**
 * Takes a transfer's steps in order as `actor`, each dated by `next()`: the warnings the engine names
 * (a 422 with warnings, e.g. the season's late approval) acknowledged and the step sent again.
 */
function stepperOf(db: Database, actor: Actor, transferId: number, startVersion: number, next: () => string) {
  let version = startVersion;
  return async (action: TransferAction, payload: Record<string, unknown> = {}): Promise<void> => {
    const day = next();
    try {
      version = (await applyTransferTransition(db, actor, transferId, { action, version, payload }, day))
        .version;
    } catch (error) {
      if (!(error instanceof WorkflowRefusal) || error.status !== 422 || error.warnings.length === 0)
        throw error;
      const acknowledgedWarnings = error.warnings.map((warning) => warning.code);
      version = (
        await applyTransferTransition(
          db,
          actor,
          transferId,
          { action, version, payload: { ...payload, acknowledgedWarnings } },
          day,
        )
      ).version;
    }
  };
}

/** A branch a receiving township assigns: one of its own (the demo tree's village branches). */
function firstBranchOf(
  places: Awaited<ReturnType<typeof findDemoTransferPlaces>>,
  townshipId: number,
): number | undefined {
  const township = places.townships.find((row) => row.id === townshipId);
  return township ? places.branchesByTownship.get(township.path) : undefined;
}
