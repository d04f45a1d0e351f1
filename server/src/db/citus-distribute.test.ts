import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCitusClusterOfRun } from "../test/citus-test-cluster";
import { createTestCounty } from "../test/factories";
import { createTestDatabase } from "../test/test-database";
import type { DatabaseHandle } from "./database";
import { queryRows } from "./sql-result";

/**
 * `tuanwu_citus_distribute` (migration 0048, issue 19 part 1): the one procedure that distributes a table
 * family on a Citus coordinator. A scratch family — a configuration table, a table placed at an
 * organization with an identity id, a unique token, a check, a kept and a left-out trigger, and a child
 * keyed without an id — is built with rows, then handed to the procedure. On PostgreSQL and PGlite nothing
 * changes; on Citus the rows are kept, ids continue, keys and unique indexes hold the county first, the key
 * to the tree and to the configuration table survive, the left-out trigger is gone.
 */
const citus = (await findCitusClusterOfRun()) !== null;

describe("tuanwu_citus_distribute", () => {
  let handle: DatabaseHandle;
  let organizationId: number;
  let countyId: number;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const tree = await createTestCounty(handle.db);
    organizationId = tree.eastVillage1.id;
    countyId = tree.county.id;
    for (const statement of [
      sql`create table scratch_kind (id integer generated always as identity primary key, name text not null unique)`,
      sql`create table scratch_thing (id integer generated always as identity primary key,
            county_id integer not null default 0, organization_id integer not null references organization (id),
            kind_id integer references scratch_kind (id), token text not null,
            note text check (length(note) < 10))`,
      sql`create unique index scratch_thing_token on scratch_thing (token)`,
      sql`create table scratch_part (thing_id integer not null, member_id integer not null,
            county_id integer not null default 0, primary key (thing_id, member_id))`,
      sql.raw(
        `create function scratch_kept() returns trigger language plpgsql as $$ begin return new; end $$`,
      ),
      sql.raw(
        `create function scratch_left_out() returns trigger language plpgsql as $$ begin return new; end $$`,
      ),
      sql`create trigger scratch_kept before insert on scratch_thing for each row execute function scratch_kept()`,
      sql`create trigger scratch_left_out before insert on scratch_thing for each row execute function scratch_left_out()`,
      sql`insert into scratch_kind (name) values ('a'), ('b')`,
      sql`insert into scratch_thing (county_id, organization_id, kind_id, token)
            values (${countyId}, ${organizationId}, 1, 't1'), (${countyId}, ${organizationId}, 2, 't2')`,
      sql`insert into scratch_part values (1, 7, ${countyId})`,
      sql`select tuanwu_citus_distribute(array['scratch_thing', 'scratch_part'], array['scratch_kind'],
            array['scratch_left_out()'::regprocedure])`,
    ]) {
      await handle.db.execute(statement);
    }
  }, 300_000);
  afterAll(async () => handle?.close(), 600_000);

  async function indexes(table: string): Promise<string[]> {
    const rows = await queryRows<{ def: string }>(
      handle.db,
      sql`select pg_get_indexdef(indexrelid) as def from pg_index where indrelid = ${table}::regclass order by 1`,
    );
    return rows.map((row) => row.def.replace(/^.* USING btree /, ""));
  }

  async function triggers(table: string): Promise<string[]> {
    const rows = await queryRows<{ name: string }>(
      handle.db,
      sql`select tgname as name from pg_trigger where tgrelid = ${table}::regclass and not tgisinternal order by 1`,
    );
    return rows.map((row) => row.name);
  }

  it("keeps every row, and new ids continue after the old ones", async () => {
    const rows = await queryRows<{ id: number; token: string }>(
      handle.db,
      sql`select id::int as id, token from scratch_thing order by id`,
    );
    expect(rows).toEqual([
      { id: 1, token: "t1" },
      { id: 2, token: "t2" },
    ]);
    const [added] = await queryRows<{ id: number }>(
      handle.db,
      sql`insert into scratch_thing (county_id, organization_id, kind_id, token)
          values (${countyId}, ${organizationId}, 1, 't3') returning id::int as id`,
    );
    expect(added?.id).toBe(3);
    const [kind] = await queryRows<{ id: number }>(
      handle.db,
      sql`insert into scratch_kind (name) values ('c') returning id::int as id`,
    );
    expect(kind?.id).toBe(3);
    const [part] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from scratch_part`,
    );
    expect(part?.n).toBe(1);
  });

  it("refuses a row breaking a kept check or key", async () => {
    await expect(
      handle.db.execute(
        sql`insert into scratch_thing (county_id, organization_id, token, note)
            values (${countyId}, ${organizationId}, 't9', 'far too long a note')`,
      ),
    ).rejects.toThrow();
    await expect(
      handle.db.execute(
        sql`insert into scratch_thing (county_id, organization_id, kind_id, token)
            values (${countyId}, ${organizationId}, 99, 't8')`,
      ),
    ).rejects.toThrow();
  });

  it.skipIf(citus)("changes nothing on PostgreSQL and PGlite", async () => {
    expect(await indexes("scratch_thing")).toEqual(["(id)", "(token)"]);
    expect(await triggers("scratch_thing")).toEqual(["scratch_kept", "scratch_left_out"]);
  });

  it.skipIf(!citus)(
    "on Citus: distributed by county with member, the configuration replicated, keys county-first, the left-out trigger gone",
    async () => {
      const placed = await queryRows<{ name: string; method: string; with_member: boolean }>(
        handle.db,
        sql`select p.logicalrelid::text as name, p.partmethod::text as method,
                   p.colocationid = (select colocationid from pg_dist_partition where logicalrelid = 'member'::regclass) as with_member
              from pg_dist_partition p
             where p.logicalrelid::text in ('scratch_kind', 'scratch_thing', 'scratch_part') order by 1`,
      );
      expect(placed).toEqual([
        { name: "scratch_kind", method: "n", with_member: false },
        { name: "scratch_part", method: "h", with_member: true },
        { name: "scratch_thing", method: "h", with_member: true },
      ]);
      expect(await indexes("scratch_thing")).toEqual(["(county_id, id)", "(county_id, token)"]);
      expect(await indexes("scratch_part")).toEqual(["(county_id, thing_id, member_id)"]);
      expect(await triggers("scratch_thing")).toEqual(["scratch_kept"]);
      const keys = await queryRows<{ name: string }>(
        handle.db,
        sql`select confrelid::regclass::text as name from pg_constraint
             where conrelid = 'scratch_thing'::regclass and contype = 'f' order by 1`,
      );
      expect(keys.map((row) => row.name)).toEqual(["organization", "scratch_kind"]);
    },
  );
});
