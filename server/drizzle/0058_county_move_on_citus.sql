-- A subtree moved to another county (区划调整) on a Citus coordinator (issue 19; docs/SCALING.md "Moving
-- a subtree to another county"). The distribution column cannot change in place, so before this
-- migration every such move answered 500 there: the relocation triggers' `UPDATE … SET county_id`
-- statements are refused by the planner even when no row matches. Now:
-- * one guard, fired first (triggers of one event fire in name order: hence `a_`), refuses the move when
--   the subtree holds records of a distributed family, naming them, with SQLSTATE TWM01 (the server
--   answers 409 county_move_refused with this message); nothing is written;
-- * the relocation triggers that only move distributed rows do not fire on Citus (a subtree that reaches
--   them holds none), and cadre_county_relocate keeps on Citus only what works there (the cadre tallies
--   deleted and inserted at the new bucket, the empty posts);
-- * the counters, organization counts, 应录入数 sums and month-end snapshots keep moving by delete and
--   insert (organization_counter_relocate, 0038/0049), on every engine.
-- PostgreSQL and PGlite: the guard does nothing (tuanwu_citus() is false); every family moves as before.

-- The records of a distributed family that the organizations `ids` (in the counties `counties`, their
-- old buckets) hold, as a list of their names for the user (团员、团干部、…), or null when none. One
-- existence check per family, each naming the old counties (one shard per county on Citus; a family
-- without county_id by organization alone). Tables not present are skipped.
CREATE FUNCTION county_move_held_records(ids int[], counties int[]) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
  family record;
  found boolean;
  held text[] := '{}';
BEGIN
  FOR family IN
    SELECT * FROM (VALUES
      ('member', 'organization_id', '团员'),
      ('member_count_delta', 'organization_id', '尚未汇总的人数变动（约一秒后重试）'),
      ('workflow_instance', 'organization_id', '审批流程'),
      ('work_item', 'organization_id', '待办事项'),
      ('member_flow', 'outflow_organization_id', '流动团员登记'),
      ('cadre', 'organization_id', '团干部'),
      ('organization_term', 'organization_id', '届期'),
      ('deputy', 'organization_id', '团代表'),
      ('liaison_station', 'organization_id', '团代表联络站'),
      ('liaison_assignment', 'organization_id', '联络站分工'),
      ('contact_log', 'organization_id', '联系记录'),
      ('review_session', 'organization_id', '述职评议'),
      ('plan', 'organization_id', '实施方案'),
      ('branch_education_review', 'organization_id', '团员教育评议'),
      ('party_recommendation', 'organization_id', '推优入党'),
      ('star_rating', 'organization_id', '评星定级'),
      ('meeting', 'organization_id', '组织生活'),
      ('youth_population', 'organization_id', '填报数据'),
      ('school_enrollment', 'organization_id', '填报数据'),
      ('eligible_units', 'organization_id', '填报数据'),
      ('survey', 'organization_id', '问卷'),
      ('youth_home', 'organization_id', '青年之家'),
      ('activity', 'organization_id', '活动'),
      ('volunteer_shift', 'organization_id', '志愿服务岗位'),
      ('volunteer_record', 'organization_id', '志愿服务记录')
    ) AS f (table_name, organization_column, label)
  LOOP
    CONTINUE WHEN to_regclass(family.table_name) IS NULL OR family.label = ANY (held);
    IF EXISTS (SELECT 1 FROM pg_attribute
                WHERE attrelid = to_regclass(family.table_name) AND attname = 'county_id' AND NOT attisdropped) THEN
      EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE county_id = ANY ($2) AND %I = ANY ($1))',
                     family.table_name, family.organization_column)
        INTO found USING ids, counties;
    ELSE
      -- A family without its county yet (a Citus local table): by organization alone.
      EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I = ANY ($1))', family.table_name,
                     family.organization_column)
        INTO found USING ids;
    END IF;
    IF found THEN
      held := held || family.label;
    END IF;
  END LOOP;
  RETURN CASE WHEN cardinality(held) = 0 THEN NULL ELSE array_to_string(held, '、') END;
END
$$;
--> statement-breakpoint
CREATE FUNCTION county_move_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
  counties int[];
  held text;
BEGIN
  IF NOT tuanwu_citus() THEN
    RETURN NULL;
  END IF;
  SELECT array_agg(n.id), array_agg(DISTINCT o.county_id) INTO ids, counties
    FROM county_move_guard_old o JOIN county_move_guard_new n ON n.id = o.id
   WHERE n.county_id <> o.county_id;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  held := county_move_held_records(ids, counties);
  IF held IS NOT NULL THEN
    RAISE EXCEPTION '该组织或其下级组织有%，在多机部署（Citus）上不能移到另一个县：记录按县分布，不能原地改县 / the subtree holds records (%) that a Citus cluster keeps by county: it cannot move to another county', held, held
      USING ERRCODE = 'TWM01';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER a_county_move_guard AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS county_move_guard_old NEW TABLE AS county_move_guard_new
  FOR EACH STATEMENT WHEN (NOT tuanwu_replica()) EXECUTE FUNCTION county_move_guard();
--> statement-breakpoint
-- The relocations of distributed families only: not on Citus (the guard has refused any subtree with
-- their rows; their UPDATEs of county_id would be refused by the planner even with no row).
DROP TRIGGER organization_county_relocate ON organization;
--> statement-breakpoint
CREATE TRIGGER organization_county_relocate AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS organization_county_old NEW TABLE AS organization_county_new
  FOR EACH STATEMENT WHEN (NOT tuanwu_citus()) EXECUTE FUNCTION organization_county_relocate();
--> statement-breakpoint
DROP TRIGGER workflow_county_relocate ON organization;
--> statement-breakpoint
CREATE TRIGGER workflow_county_relocate AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS workflow_county_old NEW TABLE AS workflow_county_new
  FOR EACH STATEMENT WHEN (NOT tuanwu_replica() AND NOT tuanwu_citus()) EXECUTE FUNCTION workflow_county_relocate();
--> statement-breakpoint
DROP TRIGGER review_rating_county_relocate ON organization;
--> statement-breakpoint
CREATE TRIGGER review_rating_county_relocate AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS review_rating_county_old NEW TABLE AS review_rating_county_new
  FOR EACH STATEMENT WHEN (NOT tuanwu_replica() AND NOT tuanwu_citus()) EXECUTE FUNCTION review_rating_county_relocate();
--> statement-breakpoint
DROP TRIGGER ledger_county_relocate ON organization;
--> statement-breakpoint
CREATE TRIGGER ledger_county_relocate AFTER UPDATE ON organization
  REFERENCING OLD TABLE AS ledger_county_old NEW TABLE AS ledger_county_new
  FOR EACH STATEMENT WHEN (NOT tuanwu_replica() AND NOT tuanwu_citus()) EXECUTE FUNCTION ledger_county_relocate();
--> statement-breakpoint
-- cadre_county_relocate (0051) without its own refusal (the guard's now) and with the 0042 family's and the
-- cadre records' UPDATEs on PostgreSQL and PGlite only; the tallies and empty posts on every engine.
CREATE OR REPLACE FUNCTION cadre_county_relocate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
  moved jsonb;
BEGIN
  SELECT array_agg(n.id) INTO ids
    FROM cadre_county_old o JOIN cadre_county_new n ON n.id = o.id
   WHERE n.county_id <> o.county_id;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  -- On Citus the guard (county_move_guard) has refused a subtree with rows of these families.
  IF NOT tuanwu_citus() THEN
    UPDATE organization_term x SET county_id = o.county_id
      FROM organization o WHERE o.id = x.organization_id AND x.organization_id = ANY (ids) AND x.county_id <> o.county_id;
    UPDATE deputy x SET county_id = o.county_id
      FROM organization o WHERE o.id = x.organization_id AND x.organization_id = ANY (ids) AND x.county_id <> o.county_id;
    UPDATE liaison_station x SET county_id = o.county_id
      FROM organization o WHERE o.id = x.organization_id AND x.organization_id = ANY (ids) AND x.county_id <> o.county_id;
    UPDATE liaison_assignment x SET county_id = o.county_id
      FROM organization o WHERE o.id = x.organization_id AND x.organization_id = ANY (ids) AND x.county_id <> o.county_id;
    UPDATE contact_log x SET county_id = o.county_id
      FROM organization o WHERE o.id = x.organization_id AND x.organization_id = ANY (ids) AND x.county_id <> o.county_id;
    UPDATE cadre x SET county_id = o.county_id
      FROM organization o WHERE o.id = x.organization_id AND x.organization_id = ANY (ids) AND x.county_id <> o.county_id;
    UPDATE cadre_placement p SET county_id = c.county_id
      FROM cadre c WHERE c.id = p.cadre_id AND c.organization_id = ANY (ids) AND p.county_id <> c.county_id;
    UPDATE training_attendance a SET county_id = c.county_id
      FROM cadre c WHERE c.id = a.cadre_id AND c.organization_id = ANY (ids) AND a.county_id <> c.county_id;
  END IF;
  SELECT coalesce(jsonb_agg(jsonb_build_object('organization_id', x.organization_id, 'dimension', x.dimension,
           'value', x.value, 'count', x.count)), '[]') INTO moved
    FROM cadre_count x WHERE x.organization_id = ANY (ids);
  DELETE FROM cadre_count WHERE organization_id = ANY (ids);
  INSERT INTO cadre_count (organization_id, county_id, dimension, value, count)
  SELECT r.organization_id, o.county_id, r.dimension, r.value, sum(r.count)::int
    FROM jsonb_to_recordset(moved) AS r (organization_id int, dimension text, value text, count int)
    JOIN organization o ON o.id = r.organization_id
   GROUP BY 1, 2, 3, 4
   ORDER BY 1, 2, 3, 4;
  PERFORM cadre_empty_post_refresh(ids);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- On Citus: the trigger functions that read or write distributed tables from the coordinator's placement
-- of organization (a reference table) take the setting of 0030/0038 (CREATE OR REPLACE dropped it).
DO $citus$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  ALTER FUNCTION county_move_guard() SET citus.allow_nested_distributed_execution = on;
  ALTER FUNCTION cadre_county_relocate() SET citus.allow_nested_distributed_execution = on;
END
$citus$;
