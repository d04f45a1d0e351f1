import { describe, expect, it } from "vitest";
import { REPOSITORY_SQL_FILES, readCommittedSql, renderRepositorySql } from "./repository-sql";

/** The committed .sql files of the repositories are the statements the code sends today. */
describe("repository SQL files", () => {
  it.each(REPOSITORY_SQL_FILES.map((file) => [file.file, file] as const))(
    "%s is up to date (else run npm run sql:generate -w server and review the diff)",
    async (_name, file) => {
      const rendered = await renderRepositorySql(file);
      expect(rendered).toContain("-- name:");
      expect(readCommittedSql(file), `${file.file} is stale: run npm run sql:generate -w server`).toBe(
        rendered,
      );
    },
  );
});
