import { sql } from "drizzle-orm";
import { countyOfWorkflowRecord } from "../../db/county";
import type { Executor } from "../../db/database";
import { queryRows } from "../../db/sql-result";

/**
 * Reads and writes of the introduction letter 组织关系介绍信 (issue 11 part 3): the facts a letter
 * prints, its number and code set once, the public check by code.
 */

/** What a letter prints and who may issue it (the sending branch's path). */
export interface LetterFacts {
  transferId: number;
  instanceState: string;
  closed: boolean;
  toExternalName: string | null;
  toExternalAddress: string | null;
  toExternalContact: string | null;
  reason: string;
  startedOn: string;
  letterNumber: string | null;
  letterVerificationCode: string | null;
  memberName: string;
  sex: string;
  birthDate: string;
  joinedOn: string;
  memberNumber: string | null;
  fromBranchId: number | null;
  fromBranchName: string | null;
  fromBranchPath: string | null;
  issuingCommitteeName: string | null;
}

/**
 * The letter facts of transfer `id` (its member_transfer row locked first with `forUpdate`), or
 * undefined. The lock is a statement of its own: on Citus a row lock in a statement that also reads
 * the distributed member table is refused ("could not run distributed query with FOR UPDATE/SHARE").
 */
export async function findLetterFacts(
  db: Executor,
  id: number,
  forUpdate = false,
): Promise<LetterFacts | undefined> {
  const countyId = await countyOfWorkflowRecord(db, "member_transfer", id);
  if (forUpdate) {
    const locked = await queryRows<{ id: number }>(
      db,
      sql`select id from member_transfer where county_id = ${countyId} and id = ${id} for update`,
    );
    if (locked.length === 0) return undefined;
  }
  const rows = await queryRows<{
    transfer_id: number;
    instance_state: string;
    closed: boolean;
    to_external_name: string | null;
    to_external_address: string | null;
    to_external_contact: string | null;
    reason: string;
    started_on: string;
    letter_number: string | null;
    letter_verification_code: string | null;
    member_name: string;
    sex: string;
    birth_date: string;
    joined_on: string;
    member_number: string | null;
    from_branch_id: number | null;
    from_branch_name: string | null;
    from_branch_path: string | null;
    issuing_committee_name: string | null;
  }>(
    db,
    sql`select t.id as transfer_id, i.state as instance_state, t.closed_at is not null as closed,
               t.to_external_name, t.to_external_address, t.to_external_contact, t.reason, t.started_on::text as started_on, t.letter_number,
               t.letter_verification_code, m.name as member_name, m.sex, m.birth_date::text as birth_date,
               m.joined_on::text as joined_on, m.member_number, b.id as from_branch_id,
               b.name as from_branch_name, b.path as from_branch_path, p.name as issuing_committee_name
          from member_transfer t
          join workflow_instance i on i.county_id = t.county_id and i.id = t.instance_id
          join member m on m.county_id = t.county_id and m.id = t.member_id
          left join organization b on b.id = t.from_organization_id
          left join organization p on p.id = b.parent_id
         where t.county_id = ${countyId} and t.id = ${id}`,
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    transferId: Number(row.transfer_id),
    instanceState: row.instance_state,
    closed: row.closed,
    toExternalName: row.to_external_name,
    toExternalAddress: row.to_external_address,
    toExternalContact: row.to_external_contact,
    reason: row.reason,
    startedOn: row.started_on,
    letterNumber: row.letter_number,
    letterVerificationCode: row.letter_verification_code,
    memberName: row.member_name,
    sex: row.sex,
    birthDate: row.birth_date,
    joinedOn: row.joined_on,
    memberNumber: row.member_number,
    fromBranchId: row.from_branch_id === null ? null : Number(row.from_branch_id),
    fromBranchName: row.from_branch_name,
    fromBranchPath: row.from_branch_path,
    issuingCommitteeName: row.issuing_committee_name,
  };
}

/** Sets the letter's number and code if none is set yet; false when one already was (a race lost). */
export async function setLetterNumber(
  db: Executor,
  id: number,
  letterNumber: string,
  code: string,
): Promise<boolean> {
  const countyId = await countyOfWorkflowRecord(db, "member_transfer", id);
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update member_transfer set letter_number = ${letterNumber}, letter_verification_code = ${code}
         where county_id = ${countyId} and id = ${id} and letter_number is null returning id`,
  );
  return rows.length > 0;
}

/**
 * The public check: the letter numbered `letterNumber` (by the unique index on letter_number) with its
 * code, the member's name and the issuing committee, or undefined.
 */
export async function findLetterByNumber(db: Executor, letterNumber: string) {
  const rows = await queryRows<{
    letter_number: string;
    code: string;
    member_name: string;
    committee: string | null;
  }>(
    db,
    sql`select t.letter_number, t.letter_verification_code as code, m.name as member_name, p.name as committee
          from member_transfer t
          join member m on m.county_id = t.county_id and m.id = t.member_id
          left join organization b on b.id = t.from_organization_id
          left join organization p on p.id = b.parent_id
         where t.letter_number = ${letterNumber} and t.letter_verification_code is not null
         limit 1`,
  );
  return rows[0];
}
