import { addDays } from "@tuanwu/domain";
import { and, eq, inArray, isNull, like, sql } from "drizzle-orm";
import { countyOfOrganization, locateInCounty } from "../../db/county";
import type { Database } from "../../db/database";
import {
  appUser,
  cadre,
  contactLog,
  deputy,
  liaisonAssignment,
  liaisonStation,
  organization,
  organizationTerm,
  reviewReporter,
  trainingAttendance,
  trainingRound,
  userRole,
} from "../../db/schema";
import { bigintArray } from "../../lib/sql-arrays";
import type { Actor } from "../auth/actor";
import {
  createReviewLinks,
  createReviewSession,
  transitionReviewSession,
} from "../cadre-reviews/cadre-reviews.service";
import { submitPublicScores } from "../cadre-reviews/review-scoring.service";
import { cadreAttendanceUpkeep, cadreRowsForUpkeep, cadreUpkeep } from "../cadres/cadre-upkeep.repository";

/** What {@link seedDemoCadreWork} wrote, for the seed's summary and its tests. */
export interface DemoCadreWorkSummary {
  committeeCadres: number;
  terms: number;
  trainingRounds: number;
  reviewSessions: { closedId: number; openId: number };
  deputies: number;
  contactLogs: number;
}

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "何", "罗", "郭"];
const GIVEN = [
  "敏",
  "静",
  "磊",
  "洋",
  "艳",
  "勇",
  "军",
  "杰",
  "娟",
  "涛",
  "超",
  "霞",
  "明",
  "丽",
  "鹏",
  "婷",
];

/** A deterministic Chinese name for the n-th generated person. */
function demoName(n: number): string {
  return `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 7 + 3) % GIVEN.length]}${n % 3 === 0 ? "" : GIVEN[(n * 5 + 1) % GIVEN.length]}`;
}

/** The date `years` years and `days` days before `today` (29 February falls back to the 28th). */
const yearsBefore = (today: string, years: number, days = 0) =>
  addDays(`${Number(today.slice(0, 4)) - years}${today.slice(4).replace("-02-29", "-02-28")}`, -days);

/**
 * The demo county's cadre work (issue 13; domain.md §6), after its members, branch secretaries and
 * transfers: committee cadres of the county (secretary, three deputy secretaries: 专职 / 挂职 / 兼职) and
 * of the townships (every 7th township's secretary left empty, so 配备率 shows empty posts); terms of the
 * county congress, committee (ending in 40 days: on the expiring list) and standing committee, and the
 * townships' committees (one expired); a training round this year that two thirds of the county's
 * open posts attended (the rest are on the untrained list) and one last year; a closed 述职评议 of last
 * year scored from 30 links (grades and result letters) and an open one of this year with 20 links, 6
 * used; 30 congress deputies, 5 committee and 7 standing-committee members (one roster short), two liaison stations, "两联" assignments; and a
 * year of contact logs for the committee cadres, some meeting every yearly duty and some not. The
 * account demo-branch becomes its branch secretary's own account (cadre.member_id), so the secretary
 * logs grassroots visits at /me/contact-logs. Deterministic; run once, as `actor` (the seed's system actor).
 */
export async function seedDemoCadreWork(
  db: Database,
  actor: Actor,
  county: { id: number; name: string; path: string },
  today: string,
): Promise<DemoCadreWorkSummary> {
  const year = Number(today.slice(0, 4));
  // The county bucket of every term, deputy, station, assignment and log below (all inside the county;
  // on Citus the rows are routed by it, migration 0042_cadre_county).
  const countyId = await countyOfOrganization(db, county.id);
  const committees = await db
    .select({
      id: organization.id,
      name: organization.name,
      level: organization.level,
      kind: organization.kind,
    })
    .from(organization)
    .where(
      and(
        like(organization.path, `${county.path}%`),
        inArray(organization.kind, ["committee", "working_committee"]),
      ),
    )
    .orderBy(organization.path);
  const townships = committees.filter((row) => row.id !== county.id && row.level === "township");
  const branches = await db
    .select({ id: organization.id, name: organization.name })
    .from(organization)
    .where(and(like(organization.path, `${county.path}%`), eq(organization.kind, "branch")))
    .orderBy(organization.path);

  // Committee cadres.
  type NewCadre = typeof cadre.$inferInsert;
  const rows: NewCadre[] = [];
  const person = (n: number, organizationId: number, fields: Partial<NewCadre>): NewCadre => ({
    organizationId,
    countyId,
    name: demoName(n),
    gender: n % 2 === 0 ? "female" : "male",
    birthDate: yearsBefore(today, 26 + (n % 12), n * 13),
    phone: `139${String(10_000_000 + n * 7919).slice(-8)}`,
    post: "secretary",
    kind: "full_time",
    sourceChannel: "other",
    fromGrassroots: n % 3 !== 0,
    partyMember: n % 4 !== 1,
    education: n % 5 === 0 ? "大专" : n % 7 === 0 ? "硕士研究生" : "大学本科",
    startedOn: yearsBefore(today, 1 + (n % 4), n * 17),
    ...fields,
  });
  rows.push(
    person(1, county.id, { post: "secretary", kind: "full_time", sourceChannel: "selected_graduate" }),
  );
  rows.push(person(2, county.id, { post: "deputy_secretary", kind: "full_time", sourceChannel: "veteran" }));
  rows.push(
    person(3, county.id, { post: "deputy_secretary", kind: "seconded", sourceChannel: "western_volunteer" }),
  );
  rows.push(
    person(4, county.id, { post: "deputy_secretary", kind: "part_time", sourceChannel: "entrepreneur" }),
  );
  townships.forEach((township, index) => {
    if (index % 7 === 6) return;
    const channels = ["selected_graduate", "three_supports", "returning_graduate", "other"] as const;
    rows.push(
      person(10 + index, township.id, {
        kind: index % 3 === 0 ? "full_time" : "part_time",
        sourceChannel: channels[index % channels.length],
      }),
    );
  });
  const committeeCadres = await db
    .insert(cadre)
    .values(rows)
    .returning({ id: cadre.id, organizationId: cadre.organizationId });
  // On Citus the tallies, member fields and empty posts (the cadre triggers' work elsewhere).
  await cadreUpkeep(
    db,
    [],
    await cadreRowsForUpkeep(
      db,
      sql`c.county_id = ${countyId} and c.id = any(${bigintArray(committeeCadres.map((row) => row.id))})`,
    ),
  );
  const countyCadres = committeeCadres.filter((row) => row.organizationId === county.id);
  const townshipCadres = committeeCadres.filter((row) => row.organizationId !== county.id);

  // Terms: the county's bodies end in 40 days (expiring); the townships' are spread, one expired.
  const countyEnds = addDays(today, 40);
  const countyStarts = yearsBefore(countyEnds, 5);
  const terms = await db
    .insert(organizationTerm)
    .values([
      {
        organizationId: county.id,
        countyId,
        body: "congress",
        startsOn: countyStarts,
        endsOn: countyEnds,
        electedOn: countyStarts,
        seats: 200,
        grassrootsSeats: 172,
      },
      {
        organizationId: county.id,
        countyId,
        body: "committee",
        startsOn: countyStarts,
        endsOn: countyEnds,
        electedOn: countyStarts,
        seats: 25,
        grassrootsSeats: 16,
      },
      {
        organizationId: county.id,
        countyId,
        body: "standing_committee",
        startsOn: countyStarts,
        endsOn: countyEnds,
        electedOn: countyStarts,
        seats: 7,
        grassrootsSeats: 2,
      },
      ...townships.map((township, index) => {
        const startsOn = yearsBefore(today, index === 0 ? 6 : 1 + (index % 4), index * 29);
        const endsOn = yearsBefore(startsOn, -5);
        return {
          organizationId: township.id,
          countyId,
          body: "committee",
          startsOn,
          endsOn,
          electedOn: startsOn,
          seats: 9,
          grassrootsSeats: 6 + (index % 3),
        };
      }),
    ])
    .returning({
      id: organizationTerm.id,
      body: organizationTerm.body,
      organizationId: organizationTerm.organizationId,
      countyId: organizationTerm.countyId,
    });
  // Located by id (county_locator, migration 0059_record_locator), as terms.repository insertTerm does.
  await locateInCounty(db, "organization_term", terms);
  const countyTerm = (body: string) =>
    terms.find((term) => term.organizationId === county.id && term.body === body);
  const congressTerm = countyTerm("congress");

  // Training: this year's round (two thirds of the open posts attended) and last year's.
  const openCadres = await db
    .select({ id: cadre.id })
    .from(cadre)
    .innerJoin(organization, eq(organization.id, cadre.organizationId))
    .where(and(like(organization.path, `${county.path}%`), isNull(cadre.endedOn)))
    .orderBy(cadre.id);
  const rounds = await db
    .insert(trainingRound)
    .values([
      {
        organizationId: county.id,
        title: `${year}年全县基层团干部轮训`,
        startsOn: addDays(today, -60),
        endsOn: addDays(today, -56),
      },
      {
        organizationId: county.id,
        title: `${year - 1}年乡镇团委书记培训班`,
        startsOn: yearsBefore(today, 1, 120),
        endsOn: yearsBefore(today, 1, 118),
      },
    ])
    .returning({ id: trainingRound.id });
  const [thisYearRound, lastYearRound] = rounds;
  if (!thisYearRound || !lastYearRound) throw new Error("demo training rounds missing");
  const attendance = openCadres
    .filter((_, index) => index % 3 !== 2)
    .map((row) => ({ roundId: thisYearRound.id, cadreId: row.id, countyId }));
  for (let start = 0; start < attendance.length; start += 1000) {
    await db.insert(trainingAttendance).values(attendance.slice(start, start + 1000));
  }
  await db
    .insert(trainingAttendance)
    .values(townshipCadres.map((row) => ({ roundId: lastYearRound.id, cadreId: row.id, countyId })));
  // On Citus each attendee's training_rounds and "trained" (the attendance trigger's work elsewhere).
  const attended = new Map<number, number>();
  for (const row of [...attendance, ...townshipCadres.map((cadreRow) => ({ cadreId: cadreRow.id }))]) {
    attended.set(row.cadreId, (attended.get(row.cadreId) ?? 0) + 1);
  }
  await cadreAttendanceUpkeep(
    db,
    [...attended].map(([cadreId, n]) => ({ countyId, cadreId, n })),
  );

  // 述职评议: last year's, closed with grades and letters; this year's, open with links.
  const reporters = townshipCadres.slice(0, 8).map((row) => row.id);
  const closed = await createReviewSession(db, actor, county.id, {
    year: year - 1,
    title: `${year - 1}年度乡镇团委书记述职评议`,
    scaleMax: 100,
    reporterCadreIds: reporters,
  });
  await transitionReviewSession(db, actor, closed.id, "open");
  const closedLinks = await createReviewLinks(db, actor, closed.id, { count: 30, labelPrefix: "代表" });
  await scoreLinks(db, closedLinks.links, closed.id, 30);
  await transitionReviewSession(db, actor, closed.id, "close");
  const open = await createReviewSession(db, actor, county.id, {
    year,
    title: `${year}年度乡镇团委书记述职评议`,
    scaleMax: 100,
    reporterCadreIds: townshipCadres.slice(2, 8).map((row) => row.id),
  });
  await transitionReviewSession(db, actor, open.id, "open");
  const openLinks = await createReviewLinks(db, actor, open.id, { count: 20, labelPrefix: "代表" });
  await scoreLinks(db, openLinks.links, open.id, 6);

  // Deputies, stations and 两联. The rosters show the composition check (Wangcang task 6): the
  // congress's 30 deputies meet 80 % (29 grassroots or front line), the full committee's 5 meet 60 %
  // (4), the standing committee's 7 fall short of 40 % (2: one short).
  const deputies = await db
    .insert(deputy)
    .values([
      ...Array.from({ length: 30 }, (_, index) => ({
        organizationId: county.id,
        countyId,
        name: demoName(200 + index),
        body: "congress_deputy",
        grassroots: index % 8 !== 7,
        frontLine: index % 3 !== 2,
        termId: congressTerm?.id ?? null,
      })),
      ...Array.from({ length: 5 }, (_, index) => ({
        organizationId: county.id,
        countyId,
        name: demoName(300 + index),
        body: "committee_member",
        grassroots: index % 2 === 0,
        frontLine: index % 3 === 0,
        termId: countyTerm("committee")?.id ?? null,
      })),
      ...Array.from({ length: 7 }, (_, index) => ({
        organizationId: county.id,
        countyId,
        name: demoName(310 + index),
        body: "standing_member",
        grassroots: index < 2,
        frontLine: index === 0,
        termId: countyTerm("standing_committee")?.id ?? null,
      })),
    ])
    .returning({ id: deputy.id, body: deputy.body });
  const firstTownship = townships[0];
  await db.insert(liaisonStation).values([
    {
      organizationId: county.id,
      countyId,
      name: `${county.name.replace(/^共青团|委员会$/g, "")}团代表联络站`,
      address: "县青少年活动中心二楼",
    },
    ...(firstTownship
      ? [
          {
            organizationId: firstTownship.id,
            countyId,
            name: `${firstTownship.name.replace(/^共青团|委员会$/g, "")}团代表联络站`,
            address: "镇便民服务中心",
          },
        ]
      : []),
  ]);
  // 两联 among the congress deputies and full committee members (the standing roster stays unlinked).
  const linkable = deputies.filter((row) => row.body !== "standing_member");
  const assignments: (typeof liaisonAssignment.$inferInsert)[] = [];
  countyCadres.forEach((row, index) => {
    for (let k = 0; k < 3; k += 1) {
      const branch = branches[(index * 37 + k * 11) % Math.max(1, branches.length)];
      if (branch)
        assignments.push({
          organizationId: county.id,
          countyId,
          kind: "cadre_to_branch",
          fromCadreId: row.id,
          targetOrganizationId: branch.id,
        });
    }
    for (let k = 0; k < 4; k += 1) {
      const target = linkable[(index * 4 + k) % linkable.length];
      if (target)
        assignments.push({
          organizationId: county.id,
          countyId,
          kind: "committee_to_deputy",
          fromCadreId: row.id,
          targetDeputyId: target.id,
        });
    }
  });
  linkable.slice(0, 10).forEach((row, index) => {
    const branch = branches[(index * 53 + 5) % Math.max(1, branches.length)];
    if (branch)
      assignments.push({
        organizationId: county.id,
        countyId,
        kind: "deputy_to_youth",
        fromDeputyId: row.id,
        targetOrganizationId: branch.id,
      });
  });
  if (assignments.length > 0) await db.insert(liaisonAssignment).values(assignments);

  // A year of contact logs: county cadres meet their duties (but one), township secretaries vary.
  const logs: (typeof contactLog.$inferInsert)[] = [];
  const plan = [
    ...countyCadres.map((row, index) => ({ row, strong: index !== 3 })),
    ...townshipCadres.map((row, index) => ({ row, strong: index % 2 === 0 })),
  ];
  plan.forEach(({ row, strong }, index) => {
    const counts = strong
      ? {
          lecture: 4 + (index % 2),
          visit: 10 + (index % 4),
          talk: 20 + (index % 5),
          grassroots_day: 8 + (index % 5),
          youth_meeting: 2,
        }
      : {
          lecture: 1 + (index % 3),
          visit: 4 + (index % 5),
          talk: 8 + (index % 7),
          grassroots_day: 2 + (index % 3),
          youth_meeting: 1,
        };
    let n = 0;
    for (const [kind, count] of Object.entries(counts)) {
      for (let k = 0; k < count; k += 1) {
        n += 1;
        const branch = branches[(index * 31 + n * 7) % Math.max(1, branches.length)];
        logs.push({
          organizationId: row.organizationId,
          countyId,
          cadreId: row.id,
          kind,
          occurredOn: addDays(today, -((n * 23 + index * 5) % 330) - 1),
          youthCount: kind === "talk" ? 1 : kind === "grassroots_day" ? 0 : 3 + ((n + index) % 9),
          linkedOrganizationId: kind === "visit" || kind === "lecture" ? (branch?.id ?? null) : null,
          note: kind === "grassroots_day" ? "驻村开展青年工作" : null,
        });
      }
    }
  });
  for (let start = 0; start < logs.length; start += 1000) {
    await db.insert(contactLog).values(logs.slice(start, start + 1000));
  }

  await linkDemoBranchAccount(db);
  return {
    committeeCadres: committeeCadres.length,
    terms: terms.length,
    trainingRounds: rounds.length,
    reviewSessions: { closedId: closed.id, openId: open.id },
    deputies: deputies.length,
    contactLogs: logs.length,
  };
}

/** Submits the first `used` links of a session, each scoring every reporter (deterministic, 60…99). */
async function scoreLinks(
  db: Database,
  links: readonly { token: string }[],
  sessionId: number,
  used: number,
) {
  const reporters = await db
    .select({ id: reviewReporter.id })
    .from(reviewReporter)
    .where(eq(reviewReporter.sessionId, sessionId))
    .orderBy(reviewReporter.sequence);
  for (const [index, link] of links.slice(0, used).entries()) {
    await submitPublicScores(
      db,
      link.token,
      reporters.map((reporter, position) => ({
        reporterId: reporter.id,
        score: 60 + ((index * 13 + position * 29 + sessionId) % 40),
      })),
    );
  }
}

/**
 * demo-branch's account becomes the own account of its branch's secretary (the user's member_id is the
 * secretary's member record), so that /me/contact-logs finds the cadre record. No-op when the branch
 * has no open secretary.
 */
async function linkDemoBranchAccount(db: Database): Promise<void> {
  const [user] = await db
    .select({ id: appUser.id, organizationId: userRole.organizationId })
    .from(appUser)
    .innerJoin(userRole, eq(userRole.userId, appUser.id))
    .where(eq(appUser.username, "demo-branch"));
  if (!user?.organizationId) return;
  const [secretary] = await db
    .select({ memberId: cadre.memberId })
    .from(cadre)
    .where(
      and(eq(cadre.organizationId, user.organizationId), eq(cadre.post, "secretary"), isNull(cadre.endedOn)),
    );
  if (!secretary?.memberId) return;
  await db.update(appUser).set({ memberId: secretary.memberId }).where(eq(appUser.id, user.id));
}
