import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCitusClusterOfRun } from "../../test/citus-test-cluster";
import { createOrganizationRow, logInEach, type TestSession } from "../../test/factories";
import { createTransferWorld, expectTransferRefused, startOk, startTransfer } from "./transfers.test-support";

/**
 * A transfer to a branch of another county (issue 19 part 2; docs/SCALING.md "Workflows on Citus"). On
 * a Citus cluster the member's rows live in their county's shard group and moving them to another
 * county is not built yet: the start is refused, 422 transfer_between_counties naming
 * toOrganizationId, with nothing written. On PostgreSQL and PGlite the same start is an ordinary one.
 */
const onCitus = (await findCitusClusterOfRun()) !== null;

describe("POST /transfers to a branch of another county", () => {
  let world: Awaited<ReturnType<typeof createTransferWorld>>;
  let admin: TestSession;
  let otherBranchId: number;

  beforeAll(async () => {
    world = await createTransferWorld();
    const other = await createOrganizationRow(world.context.db, {
      name: "共青团邻县委员会",
      shortName: "团邻县委",
      level: "county",
      code: "990002",
    });
    const branch = await createOrganizationRow(world.context.db, {
      parent: other,
      kind: "branch",
      name: "邻县一村团支部",
    });
    otherBranchId = branch.id;
    [admin] = (await logInEach(world.context.app, ["admin"])) as [TestSession];
  }, 120_000);
  afterAll(async () => world?.context.close());

  it.runIf(onCitus)("is refused on Citus: 422 transfer_between_counties, nothing written", async () => {
    const error = await expectTransferRefused(
      world.context.db,
      () =>
        startTransfer(world.context.app, admin, { memberId: world.zhang, toOrganizationId: otherBranchId }),
      422,
      { code: "transfer_between_counties", field: "toOrganizationId" },
    );
    expect(String(error.message)).toContain("Citus");
  });

  it.skipIf(onCitus)("starts as any transfer on PostgreSQL and PGlite", async () => {
    const started = await startOk(world.context.app, admin, {
      memberId: world.zhang,
      toOrganizationId: otherBranchId,
    });
    expect(started.id).toBeGreaterThan(0);
  });
});
