import { defineConfig } from "drizzle-kit";

/** drizzle-kit: `npm run db:generate` writes a migration for schema changes; `-- --custom` for extensions and triggers. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema/index.ts",
  out: "./drizzle",
});
