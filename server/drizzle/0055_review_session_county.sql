ALTER TABLE "review_link" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "review_reporter" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "review_result" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "review_score" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "review_session" ADD COLUMN "county_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Issue 19: the cadres' report-and-review tables 述职评议 by county (docs/SCALING.md "Report-and-review
-- sessions by county"). Every engine: review_session.county_id = the county bucket of its organization
-- (organization.county_id; a city's or province's session sits in that committee's own bucket), the
-- reporters', links', scores' and results' their session's; backfilled here, given by every writer
-- (cadre-reviews.repository), filled by trigger on PostgreSQL and PGlite (on Citus the session's fill only
-- checks: the insert was routed by the value given), carried along when a session's subtree moves to another
-- county (review_session_county_relocate; refused on Citus, where the distribution column cannot change in
-- place). A session is found by id through county_locator (kind 'review_session'), a scoring link by its
-- token's hash (kind 'review_link', id = the hash's first 64 bits as a signed bigint: a phone's submission
-- reads one shard); both written with the rows.
UPDATE review_session s SET county_id = o.county_id FROM organization o WHERE o.id = s.organization_id;
--> statement-breakpoint
UPDATE review_reporter r SET county_id = s.county_id FROM review_session s WHERE s.id = r.session_id;
--> statement-breakpoint
UPDATE review_link l SET county_id = s.county_id FROM review_session s WHERE s.id = l.session_id;
--> statement-breakpoint
UPDATE review_score c SET county_id = s.county_id FROM review_session s WHERE s.id = c.session_id;
--> statement-breakpoint
UPDATE review_result r SET county_id = s.county_id FROM review_session s WHERE s.id = r.session_id;
--> statement-breakpoint
CREATE TRIGGER review_session_county_fill BEFORE INSERT OR UPDATE OF organization_id, county_id ON review_session
  FOR EACH ROW EXECUTE FUNCTION organization_row_county_fill();
--> statement-breakpoint
-- A reporter, link, score or result: its session's county (not kept on Citus: it would read another
-- distributed table from the shard; there the repository gives it and the key (county_id, session_id) →
-- review_session (county_id, id) refuses a wrong one).
CREATE FUNCTION review_record_county_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  county int;
BEGIN
  SELECT s.county_id INTO county FROM review_session s WHERE s.id = NEW.session_id;
  NEW.county_id := coalesce(county, NEW.county_id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER review_reporter_county_fill BEFORE INSERT OR UPDATE OF session_id, county_id ON review_reporter
  FOR EACH ROW EXECUTE FUNCTION review_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER review_link_county_fill BEFORE INSERT OR UPDATE OF session_id, county_id ON review_link
  FOR EACH ROW EXECUTE FUNCTION review_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER review_score_county_fill BEFORE INSERT OR UPDATE OF session_id, county_id ON review_score
  FOR EACH ROW EXECUTE FUNCTION review_record_county_fill();
--> statement-breakpoint
CREATE TRIGGER review_result_county_fill BEFORE INSERT OR UPDATE OF session_id, county_id ON review_result
  FOR EACH ROW EXECUTE FUNCTION review_record_county_fill();
--> statement-breakpoint
-- A session whose county changed (its organization's subtree moved to another county) takes its reporters,
-- links, scores, results and locations along (PostgreSQL and PGlite; on Citus the session's fill refuses a
-- county other than its organization's, and the relocation below refuses the move).
CREATE FUNCTION review_session_follow_county() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE review_reporter SET county_id = NEW.county_id WHERE session_id = NEW.id AND county_id <> NEW.county_id;
  UPDATE review_link SET county_id = NEW.county_id WHERE session_id = NEW.id AND county_id <> NEW.county_id;
  UPDATE review_score SET county_id = NEW.county_id WHERE session_id = NEW.id AND county_id <> NEW.county_id;
  UPDATE review_result SET county_id = NEW.county_id WHERE session_id = NEW.id AND county_id <> NEW.county_id;
  UPDATE county_locator SET county_id = NEW.county_id
   WHERE kind = 'review_session' AND id = NEW.id AND county_id <> NEW.county_id;
  UPDATE county_locator SET county_id = NEW.county_id
   WHERE kind = 'review_link' AND county_id <> NEW.county_id
     AND id IN (SELECT ('x' || substr(l.token_hash, 1, 16))::bit(64)::bigint FROM review_link l WHERE l.session_id = NEW.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION review_session_county_relocate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
BEGIN
  SELECT array_agg(n.id) INTO ids
    FROM review_session_county_old o JOIN review_session_county_new n ON n.id = o.id
   WHERE n.county_id <> o.county_id;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  IF tuanwu_citus() THEN
    IF EXISTS (SELECT 1 FROM review_session WHERE organization_id = ANY (ids)) THEN
      RAISE EXCEPTION 'an organization with report-and-review sessions (述职评议) cannot change county on Citus (the distribution column cannot change in place)'
        USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
  END IF;
  UPDATE review_session t SET county_id = o.county_id FROM organization o
   WHERE o.id = t.organization_id AND t.organization_id = ANY (ids) AND t.county_id <> o.county_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER review_session_county_relocate AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS review_session_county_old NEW TABLE AS review_session_county_new
  FOR EACH STATEMENT WHEN (NOT tuanwu_replica()) EXECUTE FUNCTION review_session_county_relocate();
--> statement-breakpoint
-- PostgreSQL and PGlite: a session's and its links' locations follow it (above) and a session's goes with the
-- row (county_locator_forget, migration 0037). Every engine: the locations of the rows there now (a link's by
-- its hash: two links whose hashes share their first 64 bits keep the first location; the second is found by
-- its hash on every shard, db/county.ts countyOfReviewLink).
DO $locate$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    CREATE TRIGGER review_session_follow_county AFTER UPDATE ON review_session
      FOR EACH ROW WHEN (OLD.county_id IS DISTINCT FROM NEW.county_id) EXECUTE FUNCTION review_session_follow_county();
    CREATE TRIGGER county_locator_forget AFTER DELETE ON review_session
      REFERENCING OLD TABLE AS county_locator_gone FOR EACH STATEMENT EXECUTE FUNCTION county_locator_forget();
  END IF;
  INSERT INTO county_locator (kind, id, county_id) SELECT 'review_session', id, county_id FROM review_session;
  INSERT INTO county_locator (kind, id, county_id)
    SELECT 'review_link', ('x' || substr(token_hash, 1, 16))::bit(64)::bigint, county_id FROM review_link
    ON CONFLICT DO NOTHING;
END
$locate$;
--> statement-breakpoint
-- On Citus: the five tables distributed by county_id, co-located with member (tuanwu_citus_distribute,
-- migration 0048: primary keys (county_id, id), a result's (county_id, session_id, reporter_id) unique, a
-- link's token hash unique per county — 24 random bytes, sha256 —, the key to organization kept), the keys
-- (county_id, session_id) → review_session (county_id, id), (county_id, link_id) → review_link and
-- (county_id, reporter_id) → review_reporter added. A reporter's cadre may sit in another county (a city's
-- session naming township cadres): no key to cadre (dropped by 0051; the service reads the cadres it names).
DO $citus$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  PERFORM tuanwu_citus_distribute(
    ARRAY['review_session', 'review_reporter', 'review_link', 'review_score', 'review_result'], '{}',
    ARRAY['review_record_county_fill()'::regprocedure, 'review_session_follow_county()'::regprocedure]);
  SET LOCAL citus.multi_shard_modify_mode = 'sequential';
  ALTER TABLE review_reporter ADD CONSTRAINT review_reporter_session_fk
    FOREIGN KEY (county_id, session_id) REFERENCES review_session (county_id, id);
  ALTER TABLE review_link ADD CONSTRAINT review_link_session_fk
    FOREIGN KEY (county_id, session_id) REFERENCES review_session (county_id, id);
  ALTER TABLE review_score ADD CONSTRAINT review_score_session_fk
    FOREIGN KEY (county_id, session_id) REFERENCES review_session (county_id, id);
  ALTER TABLE review_score ADD CONSTRAINT review_score_link_fk
    FOREIGN KEY (county_id, link_id) REFERENCES review_link (county_id, id);
  ALTER TABLE review_score ADD CONSTRAINT review_score_reporter_fk
    FOREIGN KEY (county_id, reporter_id) REFERENCES review_reporter (county_id, id);
  ALTER TABLE review_result ADD CONSTRAINT review_result_session_fk
    FOREIGN KEY (county_id, session_id) REFERENCES review_session (county_id, id);
  ALTER TABLE review_result ADD CONSTRAINT review_result_reporter_fk
    FOREIGN KEY (county_id, reporter_id) REFERENCES review_reporter (county_id, id);
  ALTER FUNCTION review_session_county_relocate() SET citus.allow_nested_distributed_execution = on;
END
$citus$;
