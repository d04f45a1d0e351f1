-- The empty posts of each organization (issue 13 speed: GET /organizations/{id}/staffing lists the first
-- 100 of a subtree by path with ONE index range, instead of walking the subtree's organizations and
-- counting their open posts). A row per organization and expected post with fewer open posts than
-- expected (empty = expected − open > 0), kept in the writing transaction by statement-level triggers on
-- cadre and organization that recompute the organizations touched (cadre_empty_post_refresh).
-- cadre_post_rule is the domain post standard (domain/src/cadre/cadre-posts.ts postStandardOf: the
-- expected posts > 0 of each kind and level, rank = order in the standard); cadre-empty-post.consistency
-- test asserts it equals the domain's. When the standard changes: a migration rewriting the rows, then
-- `select cadre_empty_post_refresh(array(select id from organization))`.
CREATE TABLE cadre_post_rule (
  kind text NOT NULL,
  level text NOT NULL,
  post text NOT NULL,
  expected int NOT NULL,
  rank int NOT NULL,
  PRIMARY KEY (kind, level, post)
);
--> statement-breakpoint
INSERT INTO cadre_post_rule (kind, level, post, expected, rank) VALUES
('committee', 'national', 'secretary', 1, 0),
('committee', 'province', 'secretary', 1, 0),
('committee', 'city', 'secretary', 1, 0),
('committee', 'county', 'secretary', 1, 0),
('committee', 'county', 'deputy_secretary', 3, 1),
('committee', 'township', 'secretary', 1, 0),
('committee', 'grassroots', 'secretary', 1, 0),
('working_committee', 'national', 'secretary', 1, 0),
('working_committee', 'province', 'secretary', 1, 0),
('working_committee', 'city', 'secretary', 1, 0),
('working_committee', 'county', 'secretary', 1, 0),
('working_committee', 'township', 'secretary', 1, 0),
('working_committee', 'grassroots', 'secretary', 1, 0),
('general_branch', 'national', 'secretary', 1, 0),
('general_branch', 'province', 'secretary', 1, 0),
('general_branch', 'city', 'secretary', 1, 0),
('general_branch', 'county', 'secretary', 1, 0),
('general_branch', 'township', 'secretary', 1, 0),
('general_branch', 'grassroots', 'secretary', 1, 0),
('branch', 'national', 'secretary', 1, 0),
('branch', 'province', 'secretary', 1, 0),
('branch', 'city', 'secretary', 1, 0),
('branch', 'county', 'secretary', 1, 0),
('branch', 'township', 'secretary', 1, 0),
('branch', 'grassroots', 'secretary', 1, 0);
--> statement-breakpoint
CREATE TABLE cadre_empty_post (
  organization_id int NOT NULL,
  path text NOT NULL,
  post text NOT NULL,
  rank int NOT NULL,
  empty int NOT NULL,
  PRIMARY KEY (organization_id, post)
);
--> statement-breakpoint
CREATE INDEX cadre_empty_post_path_idx ON cadre_empty_post (path text_pattern_ops, rank);
--> statement-breakpoint
CREATE FUNCTION cadre_empty_post_refresh(org_ids int[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM cadre_empty_post WHERE organization_id = ANY(org_ids);
  INSERT INTO cadre_empty_post (organization_id, path, post, rank, empty)
  SELECT o.id, o.path, r.post, r.rank, r.expected - coalesce(n.open, 0)
    FROM organization o
    JOIN cadre_post_rule r ON r.kind = o.kind AND r.level = o.level
    LEFT JOIN (SELECT c.organization_id, c.post, count(*)::int AS open FROM cadre c
                WHERE c.organization_id = ANY(org_ids) AND c.ended_on IS NULL
                GROUP BY 1, 2) n ON n.organization_id = o.id AND n.post = r.post
   WHERE o.id = ANY(org_ids) AND coalesce(n.open, 0) < r.expected;
END $$;
--> statement-breakpoint
CREATE FUNCTION cadre_empty_post_on_cadre() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM cadre_empty_post_refresh(array(SELECT DISTINCT organization_id FROM cadre_empty_new));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM cadre_empty_post_refresh(array(SELECT DISTINCT organization_id FROM cadre_empty_old));
  ELSE
    -- Only the rows whose organization, post or end changed move a post in or out of the open ones.
    PERFORM cadre_empty_post_refresh(array(
      SELECT o.organization_id FROM cadre_empty_old o JOIN cadre_empty_new n ON n.id = o.id
       WHERE (o.organization_id, o.post, o.ended_on IS NULL) IS DISTINCT FROM (n.organization_id, n.post, n.ended_on IS NULL)
      UNION
      SELECT n.organization_id FROM cadre_empty_old o JOIN cadre_empty_new n ON n.id = o.id
       WHERE (o.organization_id, o.post, o.ended_on IS NULL) IS DISTINCT FROM (n.organization_id, n.post, n.ended_on IS NULL)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER cadre_empty_post_cadre_insert AFTER INSERT ON cadre
  REFERENCING NEW TABLE AS cadre_empty_new
  FOR EACH STATEMENT EXECUTE FUNCTION cadre_empty_post_on_cadre();
--> statement-breakpoint
CREATE TRIGGER cadre_empty_post_cadre_update AFTER UPDATE ON cadre
  REFERENCING OLD TABLE AS cadre_empty_old NEW TABLE AS cadre_empty_new
  FOR EACH STATEMENT EXECUTE FUNCTION cadre_empty_post_on_cadre();
--> statement-breakpoint
CREATE TRIGGER cadre_empty_post_cadre_delete AFTER DELETE ON cadre
  REFERENCING OLD TABLE AS cadre_empty_old
  FOR EACH STATEMENT EXECUTE FUNCTION cadre_empty_post_on_cadre();
--> statement-breakpoint
CREATE FUNCTION cadre_empty_post_on_organization() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM cadre_empty_post_refresh(array(SELECT id FROM cadre_empty_org_new));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM cadre_empty_post_refresh(array(SELECT id FROM cadre_empty_org_old));
  ELSE
    -- A move (path), or a change of kind or level (the expected posts).
    PERFORM cadre_empty_post_refresh(array(
      SELECT n.id FROM cadre_empty_org_old o JOIN cadre_empty_org_new n ON n.id = o.id
       WHERE (o.path, o.kind, o.level) IS DISTINCT FROM (n.path, n.kind, n.level)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER cadre_empty_post_organization_insert AFTER INSERT ON organization
  REFERENCING NEW TABLE AS cadre_empty_org_new
  FOR EACH STATEMENT EXECUTE FUNCTION cadre_empty_post_on_organization();
--> statement-breakpoint
CREATE TRIGGER cadre_empty_post_organization_update AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS cadre_empty_org_old NEW TABLE AS cadre_empty_org_new
  FOR EACH STATEMENT EXECUTE FUNCTION cadre_empty_post_on_organization();
--> statement-breakpoint
CREATE TRIGGER cadre_empty_post_organization_delete AFTER DELETE ON organization
  REFERENCING OLD TABLE AS cadre_empty_org_old
  FOR EACH STATEMENT EXECUTE FUNCTION cadre_empty_post_on_organization();
--> statement-breakpoint
INSERT INTO cadre_empty_post (organization_id, path, post, rank, empty)
SELECT o.id, o.path, r.post, r.rank, r.expected - coalesce(n.open, 0)
  FROM organization o
  JOIN cadre_post_rule r ON r.kind = o.kind AND r.level = o.level
  LEFT JOIN (SELECT organization_id, post, count(*)::int AS open FROM cadre WHERE ended_on IS NULL GROUP BY 1, 2) n
    ON n.organization_id = o.id AND n.post = r.post
 WHERE coalesce(n.open, 0) < r.expected;
