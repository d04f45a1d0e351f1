import { DomainError } from "../errors";

/**
 * Materialized paths of the organization tree: the ids from the root down to the organization,
 * each followed by "/". Root 1 has path "1/", its child 23 has "1/23/". Because every id ends with
 * "/", a plain prefix test finds a subtree, and "1/2/" is not a prefix of "1/23/"
 * (docs/CONTRACTS-DRAFT.md "path").
 *
 * Functions taking a path throw RangeError on a malformed one: paths come from the database, so a
 * bad one is a programming error, not a user error.
 */

const PATH_PATTERN = /^(?:[1-9]\d*\/)+$/;

/** Whether `path` is a well-formed path: one or more positive integer ids without leading zeros, each followed by "/". */
export function isValidPath(path: string): boolean {
  return PATH_PATTERN.test(path);
}

function requirePath(path: string, name: string): void {
  if (!isValidPath(path))
    throw new RangeError(`${name} is not an organization path: ${JSON.stringify(path)}`);
}

function requireId(id: number): void {
  if (!Number.isSafeInteger(id) || id < 1)
    throw new RangeError(`organization id must be a positive integer, got ${id}`);
}

/** Path of a root organization with this id: `rootPath(1)` = "1/". @throws RangeError if `id` is not a positive integer. */
export function rootPath(id: number): string {
  requireId(id);
  return `${id}/`;
}

/**
 * Path of organization `id` placed under the organization at `parentPath`:
 * `childPath("1/", 23)` = "1/23/". An empty `parentPath` ("" = no parent) gives a root path.
 *
 * @throws RangeError if `parentPath` is malformed or `id` is not a positive integer.
 */
export function childPath(parentPath: string, id: number): string {
  if (parentPath !== "") requirePath(parentPath, "parentPath");
  requireId(id);
  return `${parentPath}${id}/`;
}

/** The ids along `path`, root first: `pathIds("1/23/")` = [1, 23]. @throws RangeError if `path` is malformed. */
export function pathIds(path: string): number[] {
  requirePath(path, "path");
  return path
    .slice(0, -1)
    .split("/")
    .map((part) => Number(part));
}

/** The id of the organization a path belongs to (its last id): `lastIdOfPath("1/23/")` = 23. @throws RangeError if malformed. */
export function lastIdOfPath(path: string): number {
  const ids = pathIds(path);
  return ids[ids.length - 1]!;
}

/**
 * Depth of a path = the number of ids in it: a root ("1/") has depth 1, its child ("1/23/") 2
 * (like PostgreSQL ltree's nlevel). @throws RangeError if malformed.
 */
export function depthOfPath(path: string): number {
  return pathIds(path).length;
}

/** Path of the parent: `parentPathOf("1/23/")` = "1/"; `null` for a root. @throws RangeError if malformed. */
export function parentPathOf(path: string): string | null {
  requirePath(path, "path");
  const cut = path.lastIndexOf("/", path.length - 2);
  return cut === -1 ? null : path.slice(0, cut + 1);
}

/**
 * Paths of the organization and all its ancestors, root first: `ancestorPathsOf("1/23/45/")` =
 * ["1/", "1/23/", "1/23/45/"]. @throws RangeError if malformed.
 */
export function ancestorPathsOf(path: string): string[] {
  requirePath(path, "path");
  const result: string[] = [];
  for (let index = path.indexOf("/"); index !== -1; index = path.indexOf("/", index + 1)) {
    result.push(path.slice(0, index + 1));
  }
  return result;
}

/**
 * Whether the organization at `path` is the one at `ancestorPath` or lies in its subtree. Used for
 * the data scope: a user whose scope root is `ancestorPath` may see `path`.
 * "1/23/" is not under "1/2/".
 *
 * @throws RangeError if either path is malformed.
 */
export function isSameOrDescendantPath(path: string, ancestorPath: string): boolean {
  requirePath(path, "path");
  requirePath(ancestorPath, "ancestorPath");
  return path.startsWith(ancestorPath);
}

/**
 * SQL LIKE pattern matching the paths of the subtree at `path`, itself included: "1/23/" →
 * "1/23/%". Paths hold only digits and "/", so nothing needs escaping.
 *
 * @throws RangeError if `path` is malformed.
 */
export function subtreePattern(path: string): string {
  requirePath(path, "path");
  return `${path}%`;
}

/**
 * New path of a node of a moved subtree: the part `oldPrefix` is replaced by `newPrefix`.
 * Moving "1/2/" (and its subtree) under "1/5/" gives it the prefix "1/5/2/":
 * `rebasePath("1/2/7/", "1/2/", "1/5/2/")` = "1/5/2/7/".
 *
 * @param path a path in the subtree at `oldPrefix` (or `oldPrefix` itself).
 * @param oldPrefix the moved node's path before the move.
 * @param newPrefix the moved node's path after the move.
 * @throws RangeError if a path is malformed or `path` is not in the subtree at `oldPrefix`.
 */
export function rebasePath(path: string, oldPrefix: string, newPrefix: string): string {
  requirePath(newPrefix, "newPrefix");
  if (!isSameOrDescendantPath(path, oldPrefix)) {
    throw new RangeError(`${JSON.stringify(path)} is not in the subtree at ${JSON.stringify(oldPrefix)}`);
  }
  return newPrefix + path.slice(oldPrefix.length);
}

/**
 * Refuse to move the organization at `nodePath` under the one at `newParentPath` when that would
 * put it inside itself or its own subtree (a cycle).
 *
 * @throws DomainError code "move_into_own_subtree", field "newParentId", status 422.
 * @throws RangeError if a path is malformed.
 */
export function assertMoveTargetAllowed(nodePath: string, newParentPath: string): void {
  if (isSameOrDescendantPath(newParentPath, nodePath)) {
    throw new DomainError("move_into_own_subtree", "新上级组织：不能把组织移到它自身或其下级组织之下", {
      field: "newParentId",
      status: 422,
    });
  }
}
