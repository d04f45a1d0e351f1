import {
  ageOn,
  BACHELOR_OR_HIGHER,
  CADRE_POST_LABELS,
  type CadreKindCode,
  type CadrePost,
  canOpenPost,
  compareIsoDates,
  DomainError,
  isCadrePost,
  isPlacementLongEnough,
  maskPhone,
  ORGANIZATION_KINDS,
  ORGANIZATION_LEVELS,
  type OrganizationKind,
  type OrganizationLevel,
  placementMinimumMonths,
  postCapacity,
  postFillings,
  postStandardOf,
  STAFFING_RATE_TARGET,
  YOUNG_CADRE_AGE,
} from "@tuanwu/domain";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { countyOfCadreRecord, countyOfMember } from "../../db/county";
import type { Database, Executor } from "../../db/database";
import { member } from "../../db/schema";
import { todayInChina } from "../../lib/clock";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { violatedConstraint } from "../members/member-constraints";
import { findOrganizationById } from "../organizations/organization.repository";
import { readCadreCounts, readCadreProfileCounts } from "./cadre-count.repository";
import { cadreTallyOf, countEducation, staffingRowsOf, sumStaffing } from "./cadre-tally";
import {
  type CadreRow,
  countOpenPosts,
  type ExpectedPostRule,
  findAttendedRounds,
  findCadre,
  findCadres,
  findOpenPostCounts,
  findPlacements,
  findSubtreeEmptyPosts,
  insertCadre,
  insertPlacement,
  lockOrganization,
  updateCadre,
} from "./cadres.repository";
import type { cadreCreateSchema, cadrePatchSchema, placementCreateSchema } from "./cadres.schemas";

/** A cadre as answered (schemas cadreSchema). */
export interface CadreView {
  id: number;
  organizationId: number;
  organizationName: string;
  memberId: number | null;
  name: string;
  gender: string;
  birthDate: string;
  age: number;
  phone: string | null;
  post: string;
  postLabel: string;
  kind: string;
  sourceChannel: string;
  fromGrassroots: boolean;
  partyMember: boolean;
  education: string | null;
  startedOn: string;
  endedOn: string | null;
}

function postLabel(post: string): string {
  return isCadrePost(post) ? CADRE_POST_LABELS[post] : post;
}

/** A cadre row as answered; the phone masked unless `unmasked` (domain.md §2 "who sees personal data"). */
export function cadreView(row: CadreRow, today: string, unmasked: boolean): CadreView {
  return {
    id: row.id,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    memberId: row.memberId,
    name: row.name,
    gender: row.gender,
    birthDate: row.birthDate,
    age: compareIsoDates(today, row.birthDate) >= 0 ? ageOn(row.birthDate, today) : 0,
    phone: unmasked ? row.phone : maskPhone(row.phone),
    post: row.post,
    postLabel: postLabel(row.post),
    kind: row.kind,
    sourceChannel: row.sourceChannel,
    fromGrassroots: row.fromGrassroots,
    partyMember: row.partyMember,
    education: row.education,
    startedOn: row.startedOn,
    endedOn: row.endedOn,
  };
}

function maySeePersonal(actor: Actor): boolean {
  return actor.permissions.has("member:read_personal");
}

function badRequest(field: string, message: string, code = "invalid_input"): DomainError {
  return new DomainError(code, message, { field, status: 400 });
}

/**
 * Refuses a post filled beyond its count (issue 13 "a post filled beyond its count"): the organization's
 * row is locked first, so two concurrent appointments to its last free post serialize and the second
 * gets this 400. Post standard: domain POST_STANDARDS.
 * Answers the organization's row as locked ({ id, name, kind, level, countyId }).
 * @throws DomainError 400 post_full, field "post", naming the post and the organization.
 */
async function assertPostOpen(tx: Executor, organizationId: number, post: CadrePost, exceptId?: number) {
  const organization = requireFound(await lockOrganization(tx, organizationId), "organization");
  const kind = organization.kind as OrganizationKind;
  const level = organization.level as OrganizationLevel;
  const open = await countOpenPosts(tx, organization, post, exceptId);
  if (!canOpenPost(kind, level, post, open)) {
    const cap = postCapacity(kind, level, post) ?? 0;
    throw badRequest(
      "post",
      cap === 0
        ? `职务 post：${organization.name}不设${CADRE_POST_LABELS[post]}`
        : `职务 post：${organization.name}的${CADRE_POST_LABELS[post]}已配满（最多${cap}名，现有${open}名）`,
      "post_full",
    );
  }
  return organization;
}

/** Maps the cadre table's constraints to 400/409 answers. */
function constraintError(error: unknown): never {
  const constraint = violatedConstraint(error);
  if (constraint === "cadre_open_member_key") {
    throw new DomainError("already_cadre", "团员 memberId：该团员在本组织已有在任职务", {
      field: "memberId",
      status: 409,
    });
  }
  if (constraint === "cadre_period_check") throw badRequest("endedOn", "离任日期 endedOn：不能早于任职日期");
  throw error;
}

/**
 * The cadres of an organization (团干部; issue 13 part 1): its own, or with `subtree` those of its whole
 * subtree; open posts only unless `includeEnded`. Phones masked. Errors: 404 outside the scope; 403
 * without cadre:read.
 */
export async function listCadres(
  db: Database,
  actor: Actor,
  organizationId: number,
  options: { includeEnded: boolean; subtree: boolean },
) {
  const [target] = await requireAccess(db, actor, {
    permission: "cadre:read",
    kind: "organization",
    ids: [organizationId],
  });
  const rows = await findCadres(db, requireFound(target, "organization"), options);
  const today = todayInChina();
  return { items: rows.map((row) => cadreView(row, today, false)) };
}

/**
 * One cadre with placements and training rounds attended; the phone unmasked for a reader with
 * member:read_personal. Errors: 404 missing or outside the scope; 403 without cadre:read.
 */
export async function getCadre(db: Database, actor: Actor, cadreId: number) {
  await requireAccess(db, actor, { permission: "cadre:read", kind: "cadre", ids: [cadreId] });
  return readCadreDetail(db, cadreId, maySeePersonal(actor));
}

async function readCadreDetail(db: Executor, cadreId: number, unmasked: boolean) {
  const row = requireFound(await findCadre(db, cadreId), "cadre");
  return {
    ...cadreView(row, todayInChina(), unmasked),
    placements: await findPlacements(db, cadreId, row.countyId),
    trainingRounds: await findAttendedRounds(db, cadreId, row.countyId),
  };
}

const PARTY_STATUSES = new Set(["party_member", "probationary_party_member"]);

/**
 * Appoints a cadre at an organization (issue 13 part 1). With `memberId` (a member in the actor's scope)
 * the member's name, sex, birth date, phone, education and Party membership fill the fields left out;
 * without it, name, gender and birthDate are required. Audit "cadre.create".
 * Errors: 404 organization or member outside the scope; 403 without cadre:write; 400 naming the field
 * (a missing name, a start before birth, a post filled beyond its count — field "post"); 409 the member
 * already holds an open post there.
 */
export async function createCadre(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: z.infer<typeof cadreCreateSchema>,
) {
  try {
    return await db.transaction(async (tx) => {
      await requireAccess(tx, actor, {
        permission: "cadre:write",
        kind: "organization",
        ids: [organizationId],
      });
      let person: Partial<typeof member.$inferSelect> = {};
      if (input.memberId !== undefined) {
        await requireAccess(tx, actor, { permission: "member:read", kind: "member", ids: [input.memberId] });
        // Named by its county (county_locator): one shard's read on Citus.
        const memberCounty = await countyOfMember(tx, input.memberId);
        const [row] = await tx
          .select()
          .from(member)
          .where(and(eq(member.countyId, memberCounty), eq(member.id, input.memberId)));
        person = requireFound(row, "member");
      }
      const name = input.name ?? person.name;
      const gender = input.gender ?? person.sex;
      const birthDate = input.birthDate ?? person.birthDate;
      if (!name) throw badRequest("name", "姓名 name：必填（非团员干部）");
      if (!gender) throw badRequest("gender", "性别 gender：必填（非团员干部）");
      if (!birthDate) throw badRequest("birthDate", "出生日期 birthDate：必填（非团员干部）");
      if (compareIsoDates(input.startedOn, birthDate) <= 0) {
        throw badRequest("startedOn", "任职日期 startedOn：应晚于出生日期");
      }
      if (compareIsoDates(input.startedOn, todayInChina()) > 0) {
        throw badRequest("startedOn", "任职日期 startedOn：不能晚于今天");
      }
      const organization = await assertPostOpen(tx, organizationId, input.post);
      const values = {
        organizationId,
        countyId: organization.countyId,
        memberId: input.memberId ?? null,
        name,
        gender,
        birthDate,
        phone: input.phone !== undefined ? input.phone : (person.phone ?? null),
        post: input.post,
        kind: input.kind,
        sourceChannel: input.sourceChannel ?? "other",
        fromGrassroots: input.fromGrassroots ?? false,
        partyMember:
          input.partyMember ?? (person.politicalStatus ? PARTY_STATUSES.has(person.politicalStatus) : false),
        education: input.education !== undefined ? input.education : (person.education ?? null),
        startedOn: input.startedOn,
      };
      const id = await insertCadre(tx, values);
      await recordAudit(tx, actor, {
        action: "cadre.create",
        entityType: "cadre",
        entityId: id,
        organizationId,
        after: values,
      });
      return readCadreDetail(tx, id, maySeePersonal(actor));
    });
  } catch (error) {
    return constraintError(error);
  }
}

/**
 * Changes a cadre's fields (not the organization; the end through POST /cadres/{id}/end). A new post is
 * checked against its count. Audit "cadre.update". Errors: 404; 403 without cadre:write; 400 naming the
 * field; 422 an ended record.
 */
export async function patchCadre(
  db: Database,
  actor: Actor,
  cadreId: number,
  input: z.infer<typeof cadrePatchSchema>,
) {
  try {
    return await db.transaction(async (tx) => {
      await requireAccess(tx, actor, { permission: "cadre:write", kind: "cadre", ids: [cadreId] });
      const countyId = await countyOfCadreRecord(tx, "cadre", cadreId);
      const before = requireFound(await findCadre(tx, cadreId, true, countyId), "cadre");
      if (before.endedOn !== null) {
        throw new DomainError("cadre_ended", "团干部：该任职已结束，不能修改", { status: 422 });
      }
      const birthDate = input.birthDate ?? before.birthDate;
      const startedOn = input.startedOn ?? before.startedOn;
      if (compareIsoDates(startedOn, birthDate) <= 0) {
        throw badRequest(input.startedOn ? "startedOn" : "birthDate", "任职日期 startedOn：应晚于出生日期");
      }
      if (input.post !== undefined && input.post !== before.post) {
        await assertPostOpen(tx, before.organizationId, input.post, cadreId);
      }
      await updateCadre(tx, { id: cadreId, countyId }, input);
      const changedBefore = Object.fromEntries(
        Object.keys(input).map((key) => [key, before[key as keyof CadreRow]]),
      );
      await recordAudit(tx, actor, {
        action: "cadre.update",
        entityType: "cadre",
        entityId: cadreId,
        organizationId: before.organizationId,
        before: changedBefore,
        after: input,
      });
      return readCadreDetail(tx, cadreId, maySeePersonal(actor));
    });
  } catch (error) {
    return constraintError(error);
  }
}

/**
 * Ends a cadre's post on `endedOn` (离任): not before the start, not in the future. The post becomes
 * empty (配备率). Audit "cadre.end". Errors: 404; 403; 400 field endedOn; 422 already ended.
 */
export async function endCadre(db: Database, actor: Actor, cadreId: number, endedOn: string) {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, { permission: "cadre:write", kind: "cadre", ids: [cadreId] });
    const countyId = await countyOfCadreRecord(tx, "cadre", cadreId);
    const before = requireFound(await findCadre(tx, cadreId, true, countyId), "cadre");
    if (before.endedOn !== null) {
      throw new DomainError("cadre_ended", `团干部：该任职已于${before.endedOn}结束`, { status: 422 });
    }
    if (compareIsoDates(endedOn, before.startedOn) < 0) {
      throw badRequest("endedOn", `离任日期 endedOn：不能早于任职日期${before.startedOn}`);
    }
    if (compareIsoDates(endedOn, todayInChina()) > 0) {
      throw badRequest("endedOn", "离任日期 endedOn：不能晚于今天");
    }
    await updateCadre(tx, { id: cadreId, countyId }, { endedOn });
    await recordAudit(tx, actor, {
      action: "cadre.end",
      entityType: "cadre",
      entityId: cadreId,
      organizationId: before.organizationId,
      before: { endedOn: null },
      after: { endedOn },
    });
    return readCadreDetail(tx, cadreId, maySeePersonal(actor));
  });
}

/**
 * Records a placement 双向交流 / 挂职锻炼 of a cadre (Wangcang task 4): it ends after it starts and lasts
 * at least 3 months, or 1 month for a cadre new to the post (domain placementMinimumMonths). Audit
 * "cadre.placement". Errors: 404; 403; 400 field endsOn.
 */
export async function addPlacement(
  db: Database,
  actor: Actor,
  cadreId: number,
  input: z.infer<typeof placementCreateSchema>,
) {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, { permission: "cadre:write", kind: "cadre", ids: [cadreId] });
    const countyId = await countyOfCadreRecord(tx, "cadre", cadreId);
    const row = requireFound(await findCadre(tx, cadreId, true, countyId), "cadre");
    if (compareIsoDates(input.endsOn, input.startsOn) <= 0) {
      throw badRequest("endsOn", "结束日期 endsOn：应晚于开始日期");
    }
    if (!isPlacementLongEnough(row.startedOn, input)) {
      const months = placementMinimumMonths(row.startedOn, input.startsOn);
      throw badRequest("endsOn", `结束日期 endsOn：挂职锻炼时间不少于${months}个月（旺苍县改革方案第4项）`);
    }
    const id = await insertPlacement(tx, { cadreId, countyId: row.countyId, ...input });
    await recordAudit(tx, actor, {
      action: "cadre.placement",
      entityType: "cadre",
      entityId: cadreId,
      organizationId: row.organizationId,
      after: { placementId: id, ...input },
    });
    return { id, cadreId, ...input };
  });
}

/** How many empty posts GET /organizations/{id}/staffing lists (the count covers all of them). */
export const EMPTY_POSTS_LISTED = 100;

/**
 * The expected posts of the domain post standard for every organization kind and level
 * (postStandardOf: the level's own standard, else the kind's default; expected > 0 only), as rows
 * migration 0023 holds in cadre_post_rule for the empty-posts tally (a test compares them). Computed once.
 */
export const EXPECTED_POST_RULES: readonly ExpectedPostRule[] = ORGANIZATION_KINDS.flatMap((kind) =>
  ORGANIZATION_LEVELS.flatMap((level) =>
    postStandardOf(kind, level)
      .posts.map((entry, rank) => ({ kind, level, post: entry.post, expected: entry.expected, rank }))
      .filter((rule) => rule.expected > 0),
  ),
);

/**
 * 配备率 of a subtree (issue 13 part 1; target ≥ 90 % Henan): every organization's expected posts (domain
 * POST_STANDARDS by kind and level) against its open posts, the rate, and the empty posts (the first
 * {@link EMPTY_POSTS_LISTED} by path; `emptyPostCount` counts all). Expected and filled come from the
 * subtree tallies (cadre_count: organizations by kind and level, organizations by post and open
 * posts — one index range, whatever the subtree's size; sumStaffing applies the standard); the empty
 * posts walk the subtree by path and stop at the limit.
 * Errors: 404 outside the scope; 403 without cadre:read.
 */
export async function getStaffing(db: Database, actor: Actor, organizationId: number) {
  const [target] = await requireAccess(db, actor, {
    permission: "cadre:read",
    kind: "organization",
    ids: [organizationId],
  });
  const path = requireFound(target, "organization").path;
  const organization = await requireOrganization(db, organizationId);
  const [counts, empty, ownOpen] = await Promise.all([
    readCadreCounts(db, [organizationId], { profile: false, staffing: true, birthDates: false }),
    findSubtreeEmptyPosts(db, path, EMPTY_POSTS_LISTED),
    findOpenPostCounts(db, organizationId),
  ]);
  const open: Partial<Record<CadrePost, number>> = {};
  for (const row of ownOpen) if (isCadrePost(row.post)) open[row.post] = row.open;
  const own = postFillings(
    organization.kind as OrganizationKind,
    organization.level as OrganizationLevel,
    open,
  );
  const { expected, filled } = sumStaffing(staffingRowsOf(counts));
  const rate = expected === 0 ? null : filled / expected;
  return {
    organizationId,
    expected,
    filled,
    rate,
    target: STAFFING_RATE_TARGET,
    meetsTarget: rate === null ? null : rate >= STAFFING_RATE_TARGET,
    own: own.map((each) => ({ ...each, postLabel: CADRE_POST_LABELS[each.post] })),
    emptyPosts: empty.map((each) => ({
      ...each,
      postLabel: isCadrePost(each.post) ? CADRE_POST_LABELS[each.post] : each.post,
    })),
    emptyPostCount: expected - filled,
  };
}

/**
 * The cadre profile of a subtree today (issue 13 part 1; Taiyuan 2021-13): open posts, average age,
 * shares under 28, bachelor+, Party members, from the grassroots, trained; kind and source-channel mix.
 * Read from the subtree tallies (cadre_count) in one statement: the ages in full years on today as
 * domain ageOn summed in PostgreSQL over the tally's birth dates, the average rounded to one decimal
 * as domain cadreProfile.
 * Errors: 404 outside the scope; 403 without cadre:read.
 */
export async function getCadreProfile(db: Database, actor: Actor, organizationId: number) {
  await requireAccess(db, actor, {
    permission: "cadre:read",
    kind: "organization",
    ids: [organizationId],
  });
  const asOf = todayInChina();
  const counts = await readCadreProfileCounts(db, organizationId, asOf, YOUNG_CADRE_AGE);
  const tally = cadreTallyOf(counts.rows);
  const n = tally.total;
  const share = (value: number) => (n === 0 ? null : value / n);
  const kinds: Record<CadreKindCode, number> = { full_time: 0, part_time: 0, seconded: 0 };
  for (const [kind, value] of Object.entries(tally.kinds)) {
    if (kind in kinds) kinds[kind as CadreKindCode] = value;
  }
  return {
    organizationId,
    asOf,
    count: n,
    averageAge: n === 0 ? null : Math.round((counts.ageSum / n) * 10) / 10,
    underAgeShare: share(counts.young),
    bachelorOrHigherShare: share(countEducation(tally, BACHELOR_OR_HIGHER)),
    partyMemberShare: share(tally.partyMembers),
    fromGrassrootsShare: share(tally.fromGrassroots),
    kinds,
    sourceChannels: tally.sourceChannels,
    trainedShare: share(tally.trained),
  };
}

/** Reads an organization (404 when it vanished). */
export async function requireOrganization(db: Executor, organizationId: number) {
  return requireFound(await findOrganizationById(db, organizationId), "organization");
}
