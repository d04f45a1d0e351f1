-- Issue 19 part 2 (docs/SCALING.md "Records by their id: county_locator"; "Not yet distributed" item 5).
-- A branch's education review, a star rating, a Party recommendation, a ledger plan and task, a term and a survey
-- are opened by their id alone (the URL names only the id): their county was read from the table by id
-- (db/county.ts countyOfRecord, surveys.repository countyOfSurvey, the access check), which on Citus asks
-- every shard. county_locator (0037) now locates them too, kinds named as their tables:
-- 'branch_education_review', 'star_rating', 'party_recommendation', 'plan', 'plan_task', 'organization_term',
-- 'survey' — one single-shard read on Citus (county_locator is distributed by id). Every engine: the rows
-- there now located here; a new row located by the repository insert that creates it, in its transaction.
-- PostgreSQL and PGlite: a location goes with its row (county_locator_forget, 0037) and follows a change of
-- the row's county (county_locator_follow: an organization moved to another county carries these rows along
-- by the families' relocation triggers, 0044–0046). On Citus the county of a distributed row never changes
-- in place (the families' relocation is refused there), and a trigger on a shard could not write the
-- locator (another colocation); a location left behind by a deletion names a county where the row is no
-- longer found: the same "no such row" as before.
CREATE FUNCTION county_locator_follow() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE county_locator SET county_id = NEW.county_id
   WHERE kind = TG_TABLE_NAME AND id = NEW.id AND county_id <> NEW.county_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DO $locate$
DECLARE
  located text;
BEGIN
  FOREACH located IN ARRAY ARRAY['branch_education_review', 'star_rating', 'party_recommendation', 'plan', 'plan_task',
      'organization_term', 'survey'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
      EXECUTE format('CREATE TRIGGER county_locator_forget AFTER DELETE ON %I
        REFERENCING OLD TABLE AS county_locator_gone FOR EACH STATEMENT EXECUTE FUNCTION county_locator_forget()',
        located);
      EXECUTE format('CREATE TRIGGER county_locator_follow AFTER UPDATE ON %I
        FOR EACH ROW WHEN (OLD.county_id IS DISTINCT FROM NEW.county_id) EXECUTE FUNCTION county_locator_follow()',
        located);
    END IF;
    EXECUTE format('INSERT INTO county_locator (kind, id, county_id) SELECT %L, id, county_id FROM %I', located, located);
  END LOOP;
END
$locate$;
