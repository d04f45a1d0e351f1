-- Issue 18 part 5: a member status change (flowing ↔ active) becomes a HOT update, and the audit insert
-- one index lighter. PostgreSQL updates a row in place on its page (heap-only tuple: no index entry)
-- only when no index names a changed column, in its key or in its predicate, and the page has room.
-- status was in member_organization_status_idx (organization_id, status) and in the predicate of
-- member_secretary_idx, so every status change inserted an entry into all 10 member indexes and
-- dirtied (after a checkpoint: wrote a full-page image of) each index page it touched.
-- * member_organization_status_idx goes: a branch's members by organization_id are read through
--   member_organization_initials_idx (organization_id, name_initials, id), which leads with the same
--   column; every reader of the old index also reads other columns of the row.
-- * member_secretary_idx keeps only league_position = 'secretary' (a few rows per branch); its one
--   reader (the drill-down's withSecretary) checks the status on those rows.
-- * member leaves 10 % of each page free (fillfactor 90) for the new row versions: the province
--   loader's COPY and new inserts honour it; pages written before stay full until rewritten (VACUUM
--   FULL member, or pg_repack, in a maintenance window; docs/OPERATIONS.md) — until then a status
--   change on a full page is not HOT, and frees its old version's room for the next one there.
-- * audit_log_entity_idx (entity_type, entity_id) goes: no query reads the log by entity
--   (audit.repository findAuditEntries filters by the subtree's organizations, user, action, dates).
DROP INDEX "audit_log_entity_idx";--> statement-breakpoint
DROP INDEX "member_organization_status_idx";--> statement-breakpoint
DROP INDEX "member_secretary_idx";--> statement-breakpoint
CREATE INDEX "member_secretary_idx" ON "member" USING btree ("organization_id") WHERE "member"."league_position" = 'secretary';--> statement-breakpoint
ALTER TABLE "member" SET (fillfactor = 90);
