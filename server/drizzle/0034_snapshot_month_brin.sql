-- Issue 18 part 4: the window of month-end snapshots is built in monthly slices, each a copy of the
-- later month-end's rows plus one month's changes, so a slice reads one month of member_count_snapshot
-- (whose primary key begins with organization_id). A slice inserts its month's rows together, so a BRIN
-- index on month (a few pages for 75 M rows) finds them without scanning the other months.
-- Every engine (plain PostgreSQL DDL; on Citus it is propagated to the shards).
CREATE INDEX "member_count_snapshot_month_brin" ON "member_count_snapshot" USING brin ("month");
