import { DomainError } from "@tuanwu/domain";
import type { Executor } from "../../db/database";
import { violatedConstraint } from "../../lib/violated-constraint";
import { CITIZEN_ID_REGISTRY_KEY, findCitizenIdHolder } from "./citizen-id-registry.repository";

/** The name of the constraint a failed statement violated (lib/violated-constraint.ts, also on Citus). */
export { violatedConstraint } from "../../lib/violated-constraint";

/**
 * The constraints that refuse a citizen ID already recorded: the member's own unique index (the whole
 * table on PostgreSQL and PGlite, one county on Citus) and the national registration (every engine).
 */
const CITIZEN_ID_KEYS = new Set(["member_citizen_id_key", CITIZEN_ID_REGISTRY_KEY]);

/**
 * Runs a write and, when the unique index on citizen IDs refuses it, answers 409 naming the
 * organization that already holds the ID, so that the user starts a transfer instead (issue 3 part 4,
 * domain.md §2): the message offers it — the receiving side starts one by citizen ID and name
 * (POST /transfers, issue 11 part 3), and the web offers that form on this error (code "duplicate",
 * field "citizenId"). `citizenId` (or a function giving it, when only the write learns it) names the ID
 * written. The index decides (never check-then-insert); the holder is looked up only after the
 * failed transaction has rolled back, with `db` (not the transaction). Other errors pass unchanged.
 *
 * @throws DomainError code "duplicate", field "citizenId", status 409.
 */
export async function explainingDuplicateCitizenId<T>(
  db: Executor,
  citizenId: string | (() => string),
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!CITIZEN_ID_KEYS.has(violatedConstraint(error) ?? "")) throw error;
    const holder = await findCitizenIdHolder(db, typeof citizenId === "string" ? citizenId : citizenId());
    const where = holder ? `已在“${holder.organizationName}”登记` : "已登记";
    throw new DomainError(
      "duplicate",
      `公民身份号码：该号码${where}，请通过组织关系转接办理：在本组织发起转入（POST /transfers，填写公民身份号码和姓名）/ citizen ID already recorded${holder ? ` in ${holder.organizationName}` : ""}: start a transfer in instead`,
      { field: "citizenId", status: 409 },
    );
  }
}
