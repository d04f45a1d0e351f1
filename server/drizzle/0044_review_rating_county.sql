-- Issue 19 part 1: education reviews, Party recommendations and star ratings by county (docs/SCALING.md
-- "Reviews, recommendations and star ratings on Citus"). On every engine branch_education_review,
-- member_review_grade, party_recommendation and star_rating carry county_id: the county bucket of the
-- row's organization (organization.county_id; a grade its review's), backfilled here, filled by trigger
-- on PostgreSQL and PGlite (0 = fill me; workflow_county_fill of migration 0039 for the organization-placed
-- rows), given with every insert by the repositories. The unique keys of a branch's review in a campaign
-- and of a branch's rating of a year start with county_id on every engine (the county is a function of
-- the organization, so they decide the same; on Citus a unique index must hold the distribution column,
-- and one ON CONFLICT target serves every engine).
ALTER TABLE "branch_education_review" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_review_grade" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "party_recommendation" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "star_rating" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE branch_education_review r SET county_id = o.county_id FROM organization o WHERE o.id = r.organization_id;
--> statement-breakpoint
UPDATE member_review_grade g SET county_id = r.county_id FROM branch_education_review r WHERE r.id = g.branch_review_id;
--> statement-breakpoint
UPDATE party_recommendation p SET county_id = o.county_id FROM organization o WHERE o.id = p.organization_id;
--> statement-breakpoint
UPDATE star_rating s SET county_id = o.county_id FROM organization o WHERE o.id = s.organization_id;
--> statement-breakpoint
DROP INDEX "branch_education_review_key";--> statement-breakpoint
DROP INDEX "star_rating_key";--> statement-breakpoint
CREATE UNIQUE INDEX "branch_education_review_key" ON "branch_education_review" USING btree ("county_id","campaign_id","organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "star_rating_key" ON "star_rating" USING btree ("county_id","organization_id","year");--> statement-breakpoint
-- The organization-placed rows: the county of their organization (on Citus checked, not filled).
CREATE TRIGGER branch_education_review_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON branch_education_review
  FOR EACH ROW EXECUTE FUNCTION workflow_county_fill();
--> statement-breakpoint
CREATE TRIGGER party_recommendation_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON party_recommendation
  FOR EACH ROW EXECUTE FUNCTION workflow_county_fill();
--> statement-breakpoint
CREATE TRIGGER star_rating_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON star_rating
  FOR EACH ROW EXECUTE FUNCTION workflow_county_fill();
--> statement-breakpoint
-- A grade: its review's county (not kept on Citus: it would read another distributed table from the
-- shard; there the repositories give it and the key (county_id, branch_review_id) refuses a wrong one).
CREATE FUNCTION review_grade_county_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  county int;
BEGIN
  SELECT r.county_id INTO county FROM branch_education_review r WHERE r.id = NEW.branch_review_id;
  NEW.county_id := coalesce(county, NEW.county_id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER member_review_grade_county_fill BEFORE INSERT OR UPDATE OF branch_review_id ON member_review_grade
  FOR EACH ROW EXECUTE FUNCTION review_grade_county_fill();
--> statement-breakpoint
-- Organizations that changed county (a subtree moved) take their reviews, grades, recommendations and
-- ratings along, as workflow_county_relocate (0039) does for the workflows.
CREATE FUNCTION review_rating_county_relocate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
BEGIN
  SELECT array_agg(n.id) INTO ids
    FROM review_rating_county_old o JOIN review_rating_county_new n ON n.id = o.id
   WHERE n.county_id <> o.county_id;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  UPDATE branch_education_review r SET county_id = o.county_id
    FROM organization o WHERE o.id = r.organization_id AND r.organization_id = ANY (ids) AND r.county_id <> o.county_id;
  UPDATE member_review_grade g SET county_id = r.county_id FROM branch_education_review r
   WHERE r.id = g.branch_review_id AND r.organization_id = ANY (ids) AND g.county_id <> r.county_id;
  UPDATE party_recommendation p SET county_id = o.county_id
    FROM organization o WHERE o.id = p.organization_id AND p.organization_id = ANY (ids) AND p.county_id <> o.county_id;
  UPDATE star_rating s SET county_id = o.county_id
    FROM organization o WHERE o.id = s.organization_id AND s.organization_id = ANY (ids) AND s.county_id <> o.county_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER review_rating_county_relocate AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS review_rating_county_old NEW TABLE AS review_rating_county_new
  FOR EACH STATEMENT WHEN (NOT tuanwu_replica()) EXECUTE FUNCTION review_rating_county_relocate();
--> statement-breakpoint
-- The graded tally (migration 0027's org_life_own_of) joins a grade to its review on the county too: on
-- Citus both are distributed by it, and Citus joins two distributed tables only on the distribution
-- column. The function's current text (SQL here, PL/pgSQL on Citus since 0030) with that join changed.
DO $own$
DECLARE
  def text := pg_get_functiondef('org_life_own_of(int[])'::regprocedure);
  changed text;
BEGIN
  changed := replace(def, 'JOIN member_review_grade g ON g.branch_review_id = r.id',
    'JOIN member_review_grade g ON g.county_id = r.county_id AND g.branch_review_id = r.id');
  IF changed = def THEN
    RAISE EXCEPTION 'org_life_own_of: the grade join of migration 0027 was not found';
  END IF;
  EXECUTE changed;
END
$own$;
--> statement-breakpoint
-- On Citus only: the campaigns and the scoring sheets, configuration written by committees (often above
-- the county) and read beside every review and rating, become reference tables; the reviews, grades,
-- recommendations and ratings are distributed by county_id, co-located with member and the workflows
-- (one shard group per county). As migration 0041: Citus refuses to distribute or replicate a Citus local
-- table with an identity column, so each table is built anew (a copy without the identity, its id from a
-- sequence continuing the old values, the rows copied, the old table dropped, the new one renamed); the
-- primary keys become (county_id, id) — a grade's (county_id, branch_review_id, member_id) —, the unique
-- indexes hold county_id first; the keys (county_id, instance_id) → workflow_instance (dropped by 0041
-- while these were Citus local tables) and (county_id, branch_review_id) → branch_education_review come
-- back; the keys to organization and a review's to its campaign (reference tables) are kept; the keys
-- of grades and recommendations to member stay dropped (0030): a member's county can change by a
-- transfer between counties while its grades and recommendations stay with the branch that gave them.
-- The organizational-life tally triggers of these tables (migrations 0026, 0027) would write
-- org_life_count from a worker's shard: not recreated; the repositories refresh the tallies of the
-- organizations they write from the coordinator, in the same transaction (db/org-life-tallies.ts).
DO $citus$
DECLARE
  distributed text[] := ARRAY['branch_education_review', 'member_review_grade', 'party_recommendation', 'star_rating'];
  referenced text[] := ARRAY['education_review_campaign', 'star_rating_sheet'];
  tabs text[] := ARRAY['education_review_campaign', 'star_rating_sheet', 'branch_education_review',
    'member_review_grade', 'party_recommendation', 'star_rating'];
  tally_functions regprocedure[] := ARRAY['org_life_count_on_star_rating()'::regprocedure,
    'org_life_count_on_review()'::regprocedure, 'org_life_count_on_grade()'::regprocedure,
    'review_grade_county_fill()'::regprocedure];
  t text;
  r record;
  indexes text[] := '{}';
  triggers text[] := '{}';
  org_keys text[] := '{}';
  def text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  SET LOCAL citus.enable_unsafe_triggers = on;
  SET LOCAL citus.multi_shard_modify_mode = 'sequential';

  FOREACH t IN ARRAY tabs LOOP
    FOR r IN
      SELECT pg_get_indexdef(i.indexrelid) AS def, i.indisunique AS is_unique
        FROM pg_index i WHERE i.indrelid = t::regclass AND NOT i.indisprimary
    LOOP
      indexes := indexes || CASE
        WHEN r.is_unique AND t = ANY (distributed) AND r.def !~ 'USING btree \(county_id,'
          THEN regexp_replace(r.def, 'USING btree \(', 'USING btree (county_id, ')
        ELSE r.def END;
    END LOOP;
    FOR r IN
      SELECT pg_get_triggerdef(g.oid) AS def FROM pg_trigger g
       WHERE g.tgrelid = t::regclass AND NOT g.tgisinternal AND g.tgfoid <> ALL (tally_functions::oid[])
    LOOP
      triggers := triggers || r.def;
    END LOOP;
    FOR r IN
      SELECT c.conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
       WHERE c.conrelid = t::regclass AND c.contype = 'f' AND c.confrelid = 'organization'::regclass
    LOOP
      org_keys := org_keys || format('ALTER TABLE %I ADD CONSTRAINT %I %s', t, r.conname, r.def);
    END LOOP;
  END LOOP;

  FOREACH t IN ARRAY tabs LOOP
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', t || '_new', t);
    IF t <> 'member_review_grade' THEN
      EXECUTE format('CREATE SEQUENCE %I AS bigint', t || '_id_seq_new');
      EXECUTE format('ALTER TABLE %I ALTER COLUMN id SET DEFAULT nextval(%L::regclass)', t || '_new', t || '_id_seq_new');
      EXECUTE format('ALTER SEQUENCE %I OWNED BY %I.id', t || '_id_seq_new', t || '_new');
    END IF;
    IF t = ANY (referenced) THEN
      PERFORM create_reference_table(t || '_new');
    ELSE
      PERFORM create_distributed_table(t || '_new', 'county_id', colocate_with => 'member');
    END IF;
    EXECUTE format('INSERT INTO %I SELECT * FROM %I', t || '_new', t);
    IF t <> 'member_review_grade' THEN
      EXECUTE format('SELECT setval(%L::regclass, coalesce(max(id), 0) + 1, false) FROM %I', t || '_id_seq_new', t);
    END IF;
  END LOOP;
  EXECUTE 'DROP TABLE ' || array_to_string(tabs, ', ') || ' CASCADE';
  FOREACH t IN ARRAY tabs LOOP
    EXECUTE format('ALTER TABLE %I RENAME TO %I', t || '_new', t);
    IF t <> 'member_review_grade' THEN
      EXECUTE format('ALTER SEQUENCE %I RENAME TO %I', t || '_id_seq_new', t || '_id_seq');
    END IF;
  END LOOP;
  ALTER TABLE education_review_campaign ADD CONSTRAINT education_review_campaign_pkey PRIMARY KEY (id);
  ALTER TABLE star_rating_sheet ADD CONSTRAINT star_rating_sheet_pkey PRIMARY KEY (id);
  ALTER TABLE branch_education_review ADD CONSTRAINT branch_education_review_pkey PRIMARY KEY (county_id, id);
  ALTER TABLE party_recommendation ADD CONSTRAINT party_recommendation_pkey PRIMARY KEY (county_id, id);
  ALTER TABLE star_rating ADD CONSTRAINT star_rating_pkey PRIMARY KEY (county_id, id);
  ALTER TABLE member_review_grade ADD CONSTRAINT member_review_grade_pkey
    PRIMARY KEY (county_id, branch_review_id, member_id);
  FOREACH def IN ARRAY indexes LOOP
    EXECUTE def;
  END LOOP;
  FOREACH def IN ARRAY org_keys LOOP
    EXECUTE def;
  END LOOP;
  FOREACH def IN ARRAY triggers LOOP
    EXECUTE def;
  END LOOP;

  ALTER TABLE branch_education_review ADD CONSTRAINT branch_education_review_campaign_id_education_review_campaign_id_fk
    FOREIGN KEY (campaign_id) REFERENCES education_review_campaign (id);
  ALTER TABLE member_review_grade ADD CONSTRAINT member_review_grade_review_fk
    FOREIGN KEY (county_id, branch_review_id) REFERENCES branch_education_review (county_id, id) ON DELETE CASCADE;
  ALTER TABLE branch_education_review ADD CONSTRAINT branch_education_review_instance_fk
    FOREIGN KEY (county_id, instance_id) REFERENCES workflow_instance (county_id, id);
  ALTER TABLE party_recommendation ADD CONSTRAINT party_recommendation_instance_fk
    FOREIGN KEY (county_id, instance_id) REFERENCES workflow_instance (county_id, id);
  ALTER TABLE star_rating ADD CONSTRAINT star_rating_instance_fk
    FOREIGN KEY (county_id, instance_id) REFERENCES workflow_instance (county_id, id);

  ALTER FUNCTION review_rating_county_relocate() SET citus.allow_nested_distributed_execution = on;
END
$citus$;
