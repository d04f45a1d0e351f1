import { writeFileSync } from "node:fs";
import { REPOSITORY_SQL_FILES, renderRepositorySql, repositorySqlPath } from "./repository-sql";

/**
 * `npm run sql:generate -w server`: rewrites the committed .sql files of the repositories with
 * hand-built SQL (server/src/cli/repository-sql.ts), so that a change of a statement shows in review.
 */
for (const file of REPOSITORY_SQL_FILES) {
  writeFileSync(repositorySqlPath(file), await renderRepositorySql(file));
  console.log(`wrote ${file.file}`);
}
