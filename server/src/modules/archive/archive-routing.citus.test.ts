import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/database";
import { queryRows } from "../../db/sql-result";
import { pdfBytes } from "../../test/archive-factories";
import {
  citusRoutingSkipReason,
  type LoggedStatement,
  planScans,
  poolOf,
  statementLoggingDatabase,
  workerOfCounty,
} from "../../test/citus-routing";
import { createTestCounty } from "../../test/factories";
import { createTestDatabase } from "../../test/test-database";
import { createTestFolder } from "../../test/test-folder";
import { systemActor } from "../auth/system-actor";
import { getMemberDetail } from "../members/member-detail.service";
import { listMemberEvents } from "./archive.service";
import {
  decideAttachment,
  listAttachments,
  openAttachmentContent,
  uploadAttachment,
} from "./attachment.service";
import { listAwards } from "./award.service";

/**
 * Issue 19 part 2 (docs/SCALING.md "Not yet distributed" item 6, migration 0052_users_reference): the
 * member detail view and its archive, attachments and awards, an attachment's download and its decision
 * are run through the services on a connection that logs every statement, and each statement is
 * EXPLAINed with its parameters: every Citus scan is ONE task — on the worker holding the county's shard
 * group for the member family's tables (the member, its requests, archive entries, attachments, awards,
 * the audit log), on the locator's own shard for county_locator (distributed by id), on the coordinator
 * for the reference tables. Before, the archive's reads by member_id alone and an attachment by its id
 * were one task per shard (32). Skipped, with the reason printed, off Citus.
 */
const skipReason = await citusRoutingSkipReason("archive-routing.citus.test.ts");

/**
 * The member family's tables: distributed by county, co-located with member. (The audit entry, an INSERT …
 * SELECT whose plan names no worker, is checked for its one task only; where it is sent is the remote
 * commands' proof of dues-routing.citus.test.ts.)
 */
const COUNTY_FAMILY =
  /"(member|member_event|member_attachment|member_award|member_status_request|member_correction_request)"|\b(member|member_event|member_attachment|member_award|member_status_request|member_correction_request)\b(?!_)/;

const today = new Date().toISOString().slice(0, 10);

describe.skipIf(skipReason !== null)("a member's page and archive read one shard on Citus", () => {
  let handle: DatabaseHandle;
  let memberId: number;
  let worker: string;

  /** The read of a member's open cadre posts: by member id over every bucket (see below). */
  const MEMBER_POSTS = /from "cadre" .*where \("cadre"\."member_id" = \$1 and "cadre"\."ended_on" is null\)/;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const tree = await createTestCounty(handle.db);
    const [row] = await queryRows<{ id: number; county_id: number }>(
      handle.db,
      sql`select id::int as id, county_id from member where organization_id = ${tree.eastVillage1.id}
          order by id limit 1`,
    );
    memberId = Number(row?.id);
    worker = await workerOfCounty(handle.db, Number(row?.county_id));
  }, 400_000);
  afterAll(async () => handle?.close(), 600_000);

  /**
   * Plans each statement sent (begin/commit aside) and asserts every Citus scan is one task, the county
   * family's on `worker`. Returns how many statements had a Citus scan.
   */
  async function expectOneTaskEach(statements: LoggedStatement[]): Promise<number> {
    let planned = 0;
    for (const statement of statements) {
      if (!/^\s*(select|insert|update|delete|with)\b/i.test(statement.query)) continue;
      const scans = await planScans(poolOf(handle.db), statement);
      if (scans.length > 0) planned += 1;
      // The member's open posts (cadre records by member id, migration 0051) are read on every shard: a
      // post sits in its organization's bucket, which may be a city's, a province's or another county's
      // (a city committee's cadre is a member of a county's branch). The one read allowed to fan out.
      if (MEMBER_POSTS.test(statement.query)) continue;
      for (const scan of scans) {
        expect(scan.count, statement.query).toBe(1);
        if (COUNTY_FAMILY.test(statement.query) && !/county_locator|audit_log/.test(statement.query)) {
          expect(scan.nodes, statement.query).toEqual([worker]);
        }
      }
    }
    return planned;
  }

  it("the member detail view, its archive, attachments and awards: one task per statement", async () => {
    const actor = systemActor("routing-test");
    const folder = await createTestFolder();
    await uploadAttachment(
      handle.db,
      actor,
      folder,
      memberId,
      { kind: "other", fileName: "证明.pdf", bytes: pdfBytes("routing") },
      today,
    );
    const { logged, statements } = statementLoggingDatabase(handle.db);
    const detail = await getMemberDetail(logged, actor, memberId, today);
    expect(detail.id).toBe(memberId);
    const events = await listMemberEvents(logged, actor, memberId);
    expect(events.map((event) => event.kind)).toContain("attachment_uploaded");
    const attachments = await listAttachments(logged, actor, memberId);
    expect(attachments.map((attachment) => attachment.fileName)).toEqual(["证明.pdf"]);
    expect(await listAwards(logged, actor, memberId)).toEqual([]);
    const planned = await expectOneTaskEach(statements);
    console.log(
      `member page and archive: ${statements.length} statements, ${planned} planned by Citus, each one task`,
    );
    expect(planned).toBeGreaterThanOrEqual(6);
  });

  it("an attachment's download and its decision: the access check, the row and the writes one task each", async () => {
    const actor = systemActor("routing-test");
    const folder = await createTestFolder();
    const uploaded = await uploadAttachment(
      handle.db,
      actor,
      folder,
      memberId,
      { kind: "application_form", fileName: "入团志愿书.pdf", bytes: pdfBytes("form") },
      today,
    );
    const { logged, statements } = statementLoggingDatabase(handle.db);
    const content = await openAttachmentContent(logged, actor, folder, uploaded.id);
    content.stream.destroy();
    expect(content.fileName).toBe("入团志愿书.pdf");
    const downloadPlanned = await expectOneTaskEach(statements);
    statements.length = 0;
    const decided = await decideAttachment(logged, actor, uploaded.id, { decision: "verify" }, today);
    expect(decided.verification).toBe("verified");
    const decisionPlanned = await expectOneTaskEach(statements);
    console.log(
      `attachment download: ${downloadPlanned} statements planned by Citus; decision: ${decisionPlanned}; each one task`,
    );
    expect(downloadPlanned).toBeGreaterThanOrEqual(4);
    // The upload located the attachment in its member's county (county_locator, read on its own shard).
    const [located] = await queryRows<{ county_id: number }>(
      handle.db,
      sql`select county_id from county_locator where kind = 'member_attachment' and id = ${uploaded.id}`,
    );
    const [stored] = await queryRows<{ verification: string; county_id: number }>(
      handle.db,
      sql`select verification, county_id from member_attachment where id = ${uploaded.id}`,
    );
    expect(stored).toEqual({ verification: "verified", county_id: located?.county_id });
  });
});
