-- The annual-cycle indicators statement (server/src/modules/indicators/annual-cycle-figures.repository.ts, rendered with
-- asOf 2026-12-06), for timing on a province copy: psql -d bench_NAME -v ids={1} -f bench/organizational-life/annual-cycle-indicators.sql
with scope as (select e.id, e.path from organization e where e.id = any(:'ids'::int[])),
registration_campaigns as (select root_id, campaign_id, under_path from (
  select sc.id as root_id, c.id as campaign_id, case when co.path like sc.path || '%' then co.path else sc.path end as under_path,
  rank() over (partition by sc.id order by c.year desc) as position
  from scope sc join registration_campaign c on c.opens_on <= '2026-12-06'::date join organization co on co.id = c.organization_id
  where sc.path like co.path || '%' or co.path like sc.path || '%') ranked where position = 1),
review_campaigns as (select root_id, campaign_id, under_path from (
  select sc.id as root_id, c.id as campaign_id, case when co.path like sc.path || '%' then co.path else sc.path end as under_path,
  rank() over (partition by sc.id order by c.year desc) as position
  from scope sc join education_review_campaign c on c.opens_on <= '2026-12-06'::date join organization co on co.id = c.organization_id
  where sc.path like co.path || '%' or co.path like sc.path || '%') ranked where position = 1),
registration as (select rc.root_id, count(*)::int as due,
  count(*) filter (where exists (select 1 from member_registration r where r.campaign_id = rc.campaign_id and r.member_id = m.id and r.status = 'registered'))::int as registered
  from registration_campaigns rc join organization o on (o.path ~>=~ rc.under_path and o.path ~<~ (rc.under_path || '~'))
  join member m on m.organization_id = o.id and m.status in ('active', 'flowing', 'transferring') group by rc.root_id),
review as (select rc.root_id, count(*)::int as branches, count(*) filter (where r.approved_at is not null)::int as approved
  from review_campaigns rc join branch_education_review r on r.campaign_id = rc.campaign_id
  join organization o on o.id = r.organization_id and (o.path ~>=~ rc.under_path and o.path ~<~ (rc.under_path || '~')) group by rc.root_id),
grades as (select rc.root_id, count(*) filter (where g.grade = 'excellent')::int as excellent, count(*)::int as graded
  from review_campaigns rc join branch_education_review r on r.campaign_id = rc.campaign_id and r.approved_at is not null
  join organization o on o.id = r.organization_id and (o.path ~>=~ rc.under_path and o.path ~<~ (rc.under_path || '~'))
  join member_review_grade g on g.branch_review_id = r.id and g.grade is not null group by rc.root_id)
select sc.id, rg.due, rg.registered, rv.branches, rv.approved, g.excellent, g.graded from scope sc
 left join registration rg on rg.root_id = sc.id left join review rv on rv.root_id = sc.id left join grades g on g.root_id = sc.id;
