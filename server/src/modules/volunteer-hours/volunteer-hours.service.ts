import { randomBytes } from "node:crypto";
import {
  approvedHoursByYear,
  assertCertificateAllowed,
  assertRecordingOrganization,
  chinaDateOf,
  DomainError,
  decideVolunteerRecord,
  letterCodeFrom,
  maskPhone,
  roleHasPermission,
  VOLUNTEER_RECORD_STATUS_LABELS,
  type VolunteerDecision,
  type VolunteerRecordStatus,
  volunteerCertificateNumber,
  volunteerHours,
  volunteerNoticeUntil,
  volunteerPrerequisiteFact,
} from "@tuanwu/domain";
import type { z } from "zod";
import { countyOfLocatedRow, countyOfOrganization, locateInCounty } from "../../db/county";
import type { Database, Executor } from "../../db/database";
import { requireAccess, requireFound } from "../access/access.service";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import { findMemberIdOfUser } from "../me/me.repository";
import {
  countLiveRecords,
  findActivityOrganization,
  findOpenApplicationsOfPerson,
  findRecord,
  findRecordsOfMember,
  findRecordsOfShift,
  findShift,
  findShiftsInSubtree,
  insertRecord,
  insertShift,
  insertVolunteerPrerequisites,
  type RecordRow,
  type ShiftRow,
  setCertificate,
  updateRecord,
} from "./volunteer-hours.repository";
import type { recordCreateSchema, shiftCreateSchema } from "./volunteer-hours.schemas";

/**
 * Volunteer hours 志愿服务时长 (domain.md §7; issue 14 part 3): shifts recorded by an organization,
 * each volunteer's check-in and check-out (hours by domain volunteerHours: half-hour steps, capped by
 * the shift), approval or rejection by the recording organization only, a public notice of 7 days,
 * then a numbered certificate. Approved hours feed the development points scheme (积分入团) as
 * prerequisite records of origin "volunteer" of the same person's open applications (same name and
 * phone) — the scheme's shape is unchanged. Every object through requireAccess (youth_home:read /
 * write; 404 outside the subtree); every write audited in its transaction.
 */

/** Most shifts a list returns. */
export const SHIFT_LIST_LIMIT = 500;

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

function shiftSummary(row: ShiftRow) {
  return {
    id: row.id,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    activityId: row.activityId,
    activityTitle: row.activityTitle,
    title: row.title,
    startsAt: new Date(row.startsAt).toISOString(),
    endsAt: new Date(row.endsAt).toISOString(),
    capacity: row.capacity,
    recordCount: row.recordCount,
    approvedHours: row.approvedHours,
  };
}

/** A record as the API shows it; the phone masked unless `showPhone`. */
export function recordView(row: RecordRow, showPhone: boolean) {
  const status = row.status as VolunteerRecordStatus;
  return {
    id: row.id,
    shiftId: row.shiftId,
    shiftTitle: row.shiftTitle,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    memberId: row.memberId,
    name: row.name,
    phone: showPhone ? row.phone : maskPhone(row.phone),
    checkedInAt: iso(row.checkedInAt),
    checkedOutAt: iso(row.checkedOutAt),
    hours: row.hours === null ? null : Number(row.hours),
    status,
    statusLabel: VOLUNTEER_RECORD_STATUS_LABELS[status] ?? row.status,
    approvedAt: iso(row.approvedAt),
    noticeUntil: row.noticeUntil,
    certificateNumber: row.certificateNumber,
    certificateIssuedAt: iso(row.certificateIssuedAt),
  };
}

/** Whether the actor's roles let them see phones unmasked (member:read_personal). */
function maySeePhones(actor: Actor): boolean {
  return actor.permissions.has("member:read_personal");
}

/**
 * The organizations (null: the whole tree) where the actor's roles grant youth_home:write — where they
 * act as an organization (the recording organization rule).
 */
function writingOrganizations(actor: Actor): (number | null)[] {
  return actor.roles
    .filter((grant) => roleHasPermission(grant.role, "youth_home:write"))
    .map((grant) => grant.organizationId);
}

/**
 * The shifts of an organization's subtree, newest first (at most {@link SHIFT_LIST_LIMIT}), with record
 * counts and approved hours. Errors: 404 outside the scope; 403 without youth_home:read.
 */
export async function listShifts(db: Database, actor: Actor, organizationId: number) {
  const [target] = await requireAccess(db, actor, {
    permission: "youth_home:read",
    kind: "organization",
    ids: [organizationId],
  });
  return (await findShiftsInSubtree(db, target?.path ?? "", SHIFT_LIST_LIMIT)).map(shiftSummary);
}

/**
 * Creates a shift recorded by the organization `organizationId` (it alone will approve the hours). An
 * activity named must be reachable (404) and belong to the same organization (400 naming activityId).
 * Audit "volunteer.shift_create". Errors: 404, 403 without youth_home:write, 400.
 */
export async function createShift(
  db: Database,
  actor: Actor,
  organizationId: number,
  input: z.output<typeof shiftCreateSchema>,
) {
  const created = await db.transaction(async (tx) => {
    await requireAccess(tx, actor, {
      permission: "youth_home:write",
      kind: "organization",
      ids: [organizationId],
    });
    if (input.activityId) {
      await requireAccess(tx, actor, {
        permission: "youth_home:read",
        kind: "activity",
        ids: [input.activityId],
      });
      if ((await findActivityOrganization(tx, input.activityId)) !== organizationId) {
        throw new DomainError("invalid_input", "活动：应为本组织的活动", {
          field: "activityId",
          status: 400,
        });
      }
    }
    const countyId = await countyOfOrganization(tx, organizationId);
    const id = await insertShift(tx, {
      organizationId,
      countyId,
      activityId: input.activityId ?? null,
      title: input.title,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      capacity: input.capacity ?? null,
    });
    await recordAudit(tx, actor, {
      action: "volunteer.shift_create",
      entityType: "volunteer_shift",
      entityId: id,
      organizationId,
      after: input,
    });
    return {
      view: {
        ...shiftSummary(requireFound(await findShift(tx, countyId, id), "volunteer_shift")),
        records: [],
      },
      countyId,
    };
  });
  // Its location after the commit (county_locator, migration 0054; until then a read by id asks the table).
  await locateInCounty(db, "volunteer_shift", [{ id: created.view.id, countyId: created.countyId }]);
  return created.view;
}

/** A shift's page with its records (phones masked unless member:read_personal). Errors: 404, 403. */
export async function getShift(db: Database, actor: Actor, shiftId: number) {
  await requireAccess(db, actor, { permission: "youth_home:read", kind: "volunteer_shift", ids: [shiftId] });
  const county = await countyOfLocatedRow(db, "volunteer_shift", shiftId);
  const shift = requireFound(await findShift(db, county, shiftId), "volunteer_shift");
  const showPhone = maySeePhones(actor);
  return {
    ...shiftSummary(shift),
    records: (await findRecordsOfShift(db, county, shiftId)).map((row) => recordView(row, showPhone)),
  };
}

/**
 * Records a volunteer's check-in and check-out on a shift, with the hours computed (domain
 * volunteerHours). Under the shift's row lock: a shift at its capacity refuses more (409 shift_full).
 * A member named must be reachable (404 naming 团员). Audit "volunteer.record" (phone masked in the
 * log). Errors: 404, 403 without youth_home:write, 400 naming the field (times out of order or far
 * from the shift).
 */
export async function recordVolunteer(
  db: Database,
  actor: Actor,
  shiftId: number,
  input: z.output<typeof recordCreateSchema>,
) {
  const created = await db.transaction(async (tx) => {
    await requireAccess(tx, actor, {
      permission: "youth_home:write",
      kind: "volunteer_shift",
      ids: [shiftId],
    });
    const county = await countyOfLocatedRow(tx, "volunteer_shift", shiftId);
    const shift = requireFound(await findShift(tx, county, shiftId, true), "volunteer_shift");
    if (input.memberId) {
      await requireAccess(tx, actor, { permission: "member:read", kind: "member", ids: [input.memberId] });
    }
    const checkedInAt = new Date(input.checkedInAt);
    const checkedOutAt = new Date(input.checkedOutAt);
    const hours = volunteerHours(
      { checkedInAt, checkedOutAt },
      { startsAt: shift.startsAt, endsAt: shift.endsAt },
    );
    if (shift.capacity !== null && (await countLiveRecords(tx, county, shiftId)) >= shift.capacity) {
      throw new DomainError("shift_full", `志愿服务班次：已满${shift.capacity}人`, { status: 409 });
    }
    const id = await insertRecord(tx, {
      shiftId,
      organizationId: shift.organizationId,
      countyId: county,
      memberId: input.memberId ?? null,
      name: input.name,
      phone: input.phone,
      checkedInAt,
      checkedOutAt,
      hours: String(hours),
      status: "recorded",
    });
    await recordAudit(tx, actor, {
      action: "volunteer.record",
      entityType: "volunteer_record",
      entityId: id,
      organizationId: shift.organizationId,
      after: { shiftId, name: input.name, phone: input.phone, hours },
    });
    return {
      view: recordView(
        requireFound(await findRecord(tx, county, id), "volunteer_record"),
        maySeePhones(actor),
      ),
      countyId: county,
    };
  });
  // Its location after the commit (county_locator, migration 0054; until then a read by id asks the table).
  await locateInCounty(db, "volunteer_record", [{ id: created.view.id, countyId: created.countyId }]);
  return created.view;
}

/**
 * Approves or rejects a record — only the recording organization (domain assertRecordingOrganization:
 * a role with youth_home:write held at the record's organization itself; 403
 * not_recording_organization for a committee above), only once (409 volunteer_record_decided; two
 * approvers at once: the row lock orders them and the second gets 409). Approval sets the notice's end
 * (7 days, domain volunteerNoticeUntil) and feeds the hours to the person's open development
 * applications (domain volunteerPrerequisiteFact). Audit "volunteer.approve" / "volunteer.reject".
 */
export async function decideRecord(
  db: Database,
  actor: Actor,
  recordId: number,
  decision: VolunteerDecision,
  today: string,
  reason?: string,
) {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, {
      permission: "youth_home:write",
      kind: "volunteer_record",
      ids: [recordId],
    });
    const county = await countyOfLocatedRow(tx, "volunteer_record", recordId);
    const record = requireFound(await findRecord(tx, county, recordId, true), "volunteer_record");
    assertRecordingOrganization(record.organizationId, writingOrganizations(actor));
    const status = decideVolunteerRecord(record.status as VolunteerRecordStatus, decision);
    let fedApplications: number[] = [];
    if (status === "approved") {
      await updateRecord(tx, county, recordId, {
        status,
        approvedAt: new Date(),
        approvedBy: actor.userId,
        noticeUntil: volunteerNoticeUntil(today),
      });
      if (record.hours !== null && Number(record.hours) > 0 && record.checkedInAt !== null) {
        fedApplications = await findOpenApplicationsOfPerson(tx, record.name, record.phone);
        await insertVolunteerPrerequisites(
          tx,
          fedApplications,
          volunteerPrerequisiteFact({ hours: Number(record.hours), checkedInAt: record.checkedInAt }),
          recordId,
          actor.userId,
        );
      }
    } else {
      await updateRecord(tx, county, recordId, { status });
    }
    await recordAudit(tx, actor, {
      action: `volunteer.${decision}`,
      entityType: "volunteer_record",
      entityId: recordId,
      organizationId: record.organizationId,
      before: { status: record.status },
      after: { status, ...(reason ? { reason } : {}) },
      detail: fedApplications.length > 0 ? { fedApplications } : undefined,
    });
    return recordView(
      requireFound(await findRecord(tx, county, recordId), "volunteer_record"),
      maySeePhones(actor),
    );
  });
}

/**
 * Issues the numbered certificate 志愿服务证明 of an approved record after its public notice (domain
 * assertCertificateAllowed: 422 volunteer_not_approved / notice_period), by the recording organization
 * (403 not_recording_organization), once: number (domain volunteerCertificateNumber) and verification
 * code set in one UPDATE guarded by `certificate_number is null` under the record's row lock; asking
 * again answers the certificate already issued (200, nothing written). Audit "volunteer.certificate".
 */
export async function issueCertificate(
  db: Database,
  actor: Actor,
  recordId: number,
  today: string,
): Promise<{ certificate: CertificateView; issued: boolean }> {
  return db.transaction(async (tx) => {
    await requireAccess(tx, actor, {
      permission: "youth_home:write",
      kind: "volunteer_record",
      ids: [recordId],
    });
    const county = await countyOfLocatedRow(tx, "volunteer_record", recordId);
    const record = requireFound(await findRecord(tx, county, recordId, true), "volunteer_record");
    assertRecordingOrganization(record.organizationId, writingOrganizations(actor));
    if (record.certificateNumber !== null && record.certificateCode !== null) {
      return { certificate: certificateOf(record), issued: false };
    }
    assertCertificateAllowed(
      { status: record.status as VolunteerRecordStatus, noticeUntil: record.noticeUntil },
      today,
    );
    const certificateNumber = volunteerCertificateNumber(today, recordId);
    const certificateCode = letterCodeFrom(randomBytes(16));
    const certificateIssuedAt = new Date();
    if (
      !(await setCertificate(tx, county, recordId, {
        certificateNumber,
        certificateCode,
        certificateIssuedAt,
      }))
    ) {
      throw new DomainError("certificate_race", "志愿证书：正在由他人发放，请刷新", { status: 409 });
    }
    await recordAudit(tx, actor, {
      action: "volunteer.certificate",
      entityType: "volunteer_record",
      entityId: recordId,
      organizationId: record.organizationId,
      after: { certificateNumber },
    });
    return {
      certificate: certificateOf({ ...record, certificateNumber, certificateCode, certificateIssuedAt }),
      issued: true,
    };
  });
}

/** An issued certificate's number, code and date. */
export interface CertificateView {
  recordId: number;
  certificateNumber: string;
  verificationCode: string;
  issuedOn: string;
}

function certificateOf(record: RecordRow): CertificateView {
  return {
    recordId: record.id,
    certificateNumber: record.certificateNumber ?? "",
    verificationCode: record.certificateCode ?? "",
    issuedOn: record.certificateIssuedAt ? chinaDateOf(new Date(record.certificateIssuedAt)) : "",
  };
}

/**
 * The record with its issued certificate, for the PDF (youth_home:read in scope). Errors: 404, 403;
 * 409 certificate_not_issued.
 */
export async function readCertificate(db: Executor, actor: Actor, recordId: number) {
  await requireAccess(db, actor, {
    permission: "youth_home:read",
    kind: "volunteer_record",
    ids: [recordId],
  });
  const county = await countyOfLocatedRow(db, "volunteer_record", recordId);
  const record = requireFound(await findRecord(db, county, recordId), "volunteer_record");
  if (record.certificateNumber === null || record.certificateCode === null) {
    throw new DomainError("certificate_not_issued", "志愿证书：尚未发放", { status: 409 });
  }
  return record;
}

/**
 * The signed-in member's own hours (我的志愿时长): their records (by the member record their account
 * is linked to), newest first, and approved hours per year. An account without a member record has
 * none (empty lists).
 */
export async function listOwnHours(db: Database, actor: Actor) {
  const memberId = actor.userId === null ? null : await findMemberIdOfUser(db, actor.userId);
  const rows = memberId === null ? [] : await findRecordsOfMember(db, memberId);
  const totals = approvedHoursByYear(
    rows.map((row) => ({
      status: row.status as VolunteerRecordStatus,
      hours: row.hours === null ? null : Number(row.hours),
      checkedInAt: row.checkedInAt,
    })),
  );
  return {
    totals: [...totals].sort(([a], [b]) => b - a).map(([year, hours]) => ({ year, hours })),
    records: rows.map((row) => recordView(row, true)),
  };
}
