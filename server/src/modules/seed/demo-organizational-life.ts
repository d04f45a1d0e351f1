import { sql } from "drizzle-orm";
import type { Database } from "../../db/database";
import { executeWrite, queryRows } from "../../db/sql-result";
import { inSubtree } from "../../lib/tree-sql";

/**
 * Organizational life in the demo county (issue 12 part 9): a year of meetings and dues so that the
 * 组织生活 and 团费 pages, the silent-branch list, the indicators and the "six months without dues or
 * organizational life" lapse work list show figures. Branches are walked in id order: two in three are
 * lively (a meeting every month — 支部团员大会, 主题团日, 支委会 in turn — and a 2-hour 团课 each quarter;
 * one member in seven absent with a reason; every member's dues paid each month except one in five,
 * who stopped paying four months ago); one in three is silent (meetings and dues only in the first
 * months of the year, nothing since), so it appears among the silent branches and its members on the
 * lapse work list. Written set-based (a few statements), then member.last_organizational_life_on and
 * last_dues_paid_on follow the records as the services keep them. Dues are the student / unemployed
 * 0.2 yuan a month of the default schedule (domain.md §5).
 * @returns meetings and dues payments written.
 */
export async function seedDemoOrganizationalLife(
  db: Database,
  county: { id: number; path: string },
  today: string,
): Promise<{ meetings: number; duesPayments: number }> {
  const branches = await queryRows<{ id: number }>(
    db,
    sql`select o.id::int as id from organization o
      where o.kind = 'branch' and ${inSubtree(sql`o.path`, county.path)}
        and exists (select 1 from member m where m.organization_id = o.id and m.status = 'active')
      order by o.id`,
  );
  if (branches.length === 0) return { meetings: 0, duesPayments: 0 };
  const months = lastTwelveMonths(today);
  const kinds = ["general_meeting", "theme_day", "committee_meeting"] as const;
  const topics: Record<string, string> = {
    general_meeting: "支部团员大会：学习习近平新时代中国特色社会主义思想",
    theme_day: "主题团日：志愿服务进社区",
    committee_meeting: "支委会：研究本月团务工作",
    league_class: "团课：中国共产主义青年团的光荣历史",
  };
  const meetingRows: {
    organizationId: number;
    kind: string;
    heldOn: string;
    topic: string;
    hours: number | null;
  }[] = [];
  const duesRows: { organizationId: number; month: string; lively: boolean; recent: boolean }[] = [];
  for (const [index, branch] of branches.entries()) {
    const lively = index % 3 !== 2;
    for (const [monthIndex, month] of months.entries()) {
      const early = monthIndex < 4;
      if (!lively && !early) continue;
      const day = String(5 + ((index + monthIndex) % 20)).padStart(2, "0");
      const heldOn = `${month.slice(0, 8)}${day}`;
      if (heldOn > today) continue;
      const kind = kinds[(index + monthIndex) % kinds.length] as string;
      meetingRows.push({ organizationId: branch.id, kind, heldOn, topic: topics[kind] ?? kind, hours: null });
      if (lively && monthIndex % 3 === 1) {
        meetingRows.push({
          organizationId: branch.id,
          kind: "league_class",
          heldOn,
          topic: topics.league_class as string,
          hours: 2,
        });
      }
      duesRows.push({ organizationId: branch.id, month, lively, recent: monthIndex >= months.length - 4 });
    }
  }

  let meetings = 0;
  for (let start = 0; start < meetingRows.length; start += 1000) {
    const chunk = meetingRows.slice(start, start + 1000);
    const inserted = await queryRows<{ id: number }>(
      db,
      sql`insert into meeting (organization_id, kind, held_on, topic, minutes, class_hours)
        values ${sql.join(
          chunk.map(
            (row) =>
              sql`(${row.organizationId}, ${row.kind}, ${row.heldOn}::date, ${row.topic}, ${"会议按议程进行，记录略。"}, ${row.hours})`,
          ),
          sql`, `,
        )}
        returning id::int as id`,
    );
    meetings += inserted.length;
  }
  // Attendance: the branch's active roll; one in seven absent with a reason.
  await executeWrite(
    db,
    sql`insert into meeting_attendance (meeting_id, member_id, status, absence_reason)
      select mt.id, m.id,
        case when (m.id + mt.id) % 7 = 0 then 'absent' else 'present' end,
        case when (m.id + mt.id) % 7 = 0 then '外出务工' else null end
      from meeting mt
      join organization o on o.id = mt.organization_id
      join member m on m.organization_id = mt.organization_id and m.status = 'active'
      where ${inSubtree(sql`o.path`, county.path)}
      on conflict do nothing`,
  );

  let duesPayments = 0;
  for (let start = 0; start < duesRows.length; start += 500) {
    const chunk = duesRows.slice(start, start + 500);
    const inserted = await queryRows<{ n: number }>(
      db,
      sql`with d(organization_id, month, lively, recent) as (values ${sql.join(
        chunk.map(
          (row) =>
            sql`(${row.organizationId}::int, ${row.month}::date, ${row.lively}::boolean, ${row.recent}::boolean)`,
        ),
        sql`, `,
      )})
      insert into dues_payment (member_id, organization_id, month, amount_yuan, paid_on, category)
        select m.id, d.organization_id, d.month, 0.2, least(d.month + 9, ${today}::date), 'student'
        from d join member m on m.organization_id = d.organization_id and m.status = 'active'
        where not (d.recent and m.id % 5 = 0)
          and m.joined_on < d.month
        on conflict (member_id, month) do nothing
        returning 1 as n`,
    );
    duesPayments += inserted.length;
  }
  await executeWrite(
    db,
    sql`update member mb set
        last_organizational_life_on = coalesce((select max(mt.held_on) from meeting_attendance a
          join meeting mt on mt.id = a.meeting_id where a.member_id = mb.id and a.status = 'present'),
          mb.last_organizational_life_on),
        last_dues_paid_on = coalesce((select max(p.paid_on) from dues_payment p where p.member_id = mb.id),
          mb.last_dues_paid_on)
      from organization o
      where o.id = mb.organization_id and ${inSubtree(sql`o.path`, county.path)}`,
  );
  return { meetings, duesPayments };
}

/** The first days ("YYYY-MM-01") of the twelve months ending with `today`'s, oldest first. */
function lastTwelveMonths(today: string): string[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const result: string[] = [];
  for (let back = 11; back >= 0; back -= 1) {
    const total = year * 12 + (month - 1) - back;
    result.push(`${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}-01`);
  }
  return result;
}
