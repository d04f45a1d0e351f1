import { type SQL, type SQLWrapper, sql } from "drizzle-orm";

/**
 * `column` lies in the subtree whose root has materialized path `rootPath` (the root included).
 * Written as a range with the text_pattern_ops operators (~>=~, ~<~) so that the btree index on
 * organization.path serves it even when `rootPath` is itself a column (a join); every path
 * character ('0'–'9', '/') sorts below '~'. Equivalent to `column LIKE rootPath || '%'`.
 */
export function inSubtree(column: SQLWrapper, rootPath: SQLWrapper | string): SQL {
  return sql`(${column} ~>=~ ${rootPath} and ${column} ~<~ (${rootPath} || '~'))`;
}

/**
 * Narrows `pathColumn` to the actor's scope: any of the subtree roots, or everything when null
 * (system administrator). An empty list matches nothing.
 */
export function inScope(pathColumn: SQLWrapper, scopePaths: readonly string[] | null): SQL {
  if (scopePaths === null) return sql`true`;
  if (scopePaths.length === 0) return sql`false`;
  return sql.join(
    scopePaths.map((root) => inSubtree(pathColumn, root)),
    sql` or `,
  );
}
