import { randomBytes } from "node:crypto";
import {
  addDays,
  chinaDateOf,
  createSeededRandom,
  type Random,
  surveyQuestionsSchema,
  volunteerCertificateNumber,
  volunteerNoticeUntil,
} from "@tuanwu/domain";
import { eq, sql } from "drizzle-orm";
import { countyOfOrganization, locateInCounty } from "../../db/county";
import type { Executor } from "../../db/database";
import {
  activity,
  activitySignup,
  appUser,
  member,
  survey,
  surveyResponse,
  volunteerRecord,
  volunteerShift,
  youthHome,
  youthHomeService,
} from "../../db/schema";
import { queryRows } from "../../db/sql-result";
import { recordAudit } from "../audit/audit.service";
import type { Actor } from "../auth/actor";
import {
  DEMO_ACTIVITY_TITLES,
  DEMO_DRAFT_SURVEY_QUESTIONS,
  DEMO_HOME_SPECS,
  DEMO_RATING_COMMENTS,
  DEMO_SURVEY_QUESTIONS,
  type DemoLiveliness,
  demoPhone,
  demoSurveyAnswers,
  demoYouthName,
} from "./demo-youth-homes-data";

/**
 * The demo county's positions among young people (issue 14 part 6): seven Youth Homes and service posts
 * (DEMO_HOME_SPECS: lively ones, one demonstration home inactive for eight months and due for 摘牌, one
 * de-listed, the county's 学子归巢工作站 and 青年人才驿站) with twelve months of services in person-times;
 * past activities with sign-ups, check-ins, check-outs and ratings, an activity today whose check-in
 * window is open (so its QR code works at once), upcoming ones (one full, with a waiting list); volunteer
 * shifts with hours approved (some past the 7-day notice and certified, some still on notice), recorded
 * and rejected; the county's youth survey, open, with {@link DEMO_SURVEY_RESPONSES} answers, and a draft.
 * demo-member has sign-ups and certified hours, for /me/activities. Inserted directly (as the demo's
 * members are), deterministic from {@link DEMO_YOUTH_SEED} except the links' random tokens; one audit
 * entry "demo.seed_youth_homes".
 */

export const DEMO_YOUTH_SEED = 20_261_206;
/** Answers of the demo survey (the bench answers thousands more). */
export const DEMO_SURVEY_RESPONSES = 400;

/** What the demo's Youth Homes part created. */
export interface DemoYouthHomesSummary {
  homes: number;
  activities: number;
  signups: number;
  volunteerRecords: number;
  certificates: number;
  surveyResponses: number;
}

/** Days before today of the past activities of a home, by liveliness. */
const PAST_ACTIVITY_DAYS: Readonly<Record<DemoLiveliness, readonly number[]>> = {
  lively: [9, 26, 47, 68, 95, 130],
  moderate: [38, 104],
  inactive: [245, 300],
  delisted: [430, 500],
};

/** An unguessable token for a public link (sign-up, check-in QR, survey). */
function publicToken(): string {
  return randomBytes(18).toString("base64url");
}

/** The instant of `time` (HH:MM) on `date` in China (UTC+8). */
function chinaInstant(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+08:00`);
}

function minutesAfter(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * 60_000);
}

interface Places {
  county: { id: number; name: string };
  donghe: { id: number; name: string };
  townships: { id: number; name: string }[];
}

async function findPlaces(db: Executor, county: { id: number; path: string; name: string }): Promise<Places> {
  const townships = await queryRows<{ id: number; name: string; shortName: string | null }>(
    db,
    sql`select id, name, short_name as "shortName" from organization
         where parent_id = ${county.id} and level = 'township' order by code`,
  );
  const short = (row: { name: string; shortName: string | null }) =>
    row.shortName ?? row.name.replace(/^共青团/, "").replace(/委员会$/, "");
  const donghe = townships.find((row) => row.name.includes("东河镇"));
  if (!donghe) throw new Error("demo township 东河镇 missing");
  const others = townships.filter((row) => row.id !== donghe.id);
  return {
    county: { id: county.id, name: county.name.replace(/^共青团/, "").replace(/委员会$/, "") },
    donghe: { id: donghe.id, name: short(donghe).replace(/团委$/, "") },
    townships: others.map((row) => ({ id: Number(row.id), name: short(row).replace(/团委$/, "") })),
  };
}

async function findDemoMember(db: Executor) {
  const rows = await db
    .select({ memberId: appUser.memberId, name: member.name, phone: member.phone })
    .from(appUser)
    .innerJoin(member, eq(member.id, appUser.memberId))
    .where(eq(appUser.username, "demo-member"));
  return rows[0] ?? null;
}

interface SignupRow {
  activityId: number;
  /** The activity's county. */
  countyId: number;
  name: string;
  phone: string;
  memberId: number | null;
  deviceKey: string;
  status: "confirmed" | "waitlisted";
  waitlistPosition: number | null;
  checkedInAt: Date | null;
  checkedOutAt: Date | null;
  rating: number | null;
  comment: string | null;
  createdAt: Date;
}

/**
 * Seeds the part described above into the county `county` as `actor`, on `today` (China) at `now`.
 * @returns counts of what was created.
 */
export async function seedDemoYouthHomes(
  db: Executor,
  actor: Actor,
  county: { id: number; path: string; name: string },
  today: string,
  now: Date = new Date(),
): Promise<DemoYouthHomesSummary> {
  const random = createSeededRandom(DEMO_YOUTH_SEED);
  const places = await findPlaces(db, county);
  // Every place lies in the county's bucket: the county of each row of the family (migration 0050).
  const countyId = await countyOfOrganization(db, county.id);
  const demoMember = await findDemoMember(db);
  let phoneNumber = 0;
  const signups: SignupRow[] = [];
  let activityCount = 0;

  const homes: { id: number; organizationId: number; liveliness: DemoLiveliness; key: string }[] = [];
  for (const spec of DEMO_HOME_SPECS) {
    const place =
      spec.place === "county"
        ? places.county
        : spec.place === "donghe"
          ? places.donghe
          : (places.townships[spec.place.township - 1] ?? places.donghe);
    const listedOn = addDays(today, -365 * spec.listedYearsAgo - 20);
    const [venue, projects, team, rules, sign] = spec.standard;
    const [row] = await db
      .insert(youthHome)
      .values({
        organizationId: place.id,
        countyId,
        kind: spec.kind,
        name: spec.name(place.name),
        address: `${place.name}${spec.kind === "youth_home" ? "党群服务中心二楼" : "青年创业园一楼"}`,
        operator: spec.operator,
        isDemonstration: spec.isDemonstration,
        standardVenue: venue,
        standardProjects: projects,
        standardTeam: team,
        standardRules: rules,
        standardSign: sign,
        subsidyYuanPerYear: spec.subsidyYuanPerYear,
        listedOn,
        delistedOn: spec.liveliness === "delisted" ? addDays(today, -300) : null,
        delistedReason: spec.liveliness === "delisted" ? "场地收回，连续两个季度未开展活动" : null,
        createdAt: chinaInstant(listedOn, "09:00"),
      })
      .returning({ id: youthHome.id });
    if (!row) throw new Error("demo youth home not inserted");
    homes.push({ id: row.id, organizationId: place.id, liveliness: spec.liveliness, key: spec.key });

    // Services in person-times, the last twelve months (none for the inactive and de-listed).
    if (spec.monthlyPersonTimes > 0) {
      const services = Array.from({ length: 12 }, (_, index) => {
        const month = `${addDays(`${today.slice(0, 7)}-01`, -31 * (11 - index)).slice(0, 7)}-01`;
        const season = 0.75 + 0.5 * random();
        return {
          youthHomeId: row.id,
          countyId,
          month,
          personTimes: Math.round(spec.monthlyPersonTimes * season),
        };
      });
      const unique = [...new Map(services.map((service) => [service.month, service])).values()];
      await db.insert(youthHomeService).values(unique);
    }

    // Past activities: sign-ups, most checked in and out, most of those rated.
    for (const daysAgo of PAST_ACTIVITY_DAYS[spec.liveliness]) {
      const date = addDays(today, -daysAgo);
      const startsAt = chinaInstant(date, random() < 0.5 ? "09:30" : "14:30");
      const endsAt = minutesAfter(startsAt, 120);
      const capacity = 20 + 10 * Math.floor(random() * 4);
      const [created] = await db
        .insert(activity)
        .values({
          organizationId: place.id,
          countyId,
          youthHomeId: row.id,
          title: DEMO_ACTIVITY_TITLES[(activityCount * 5) % DEMO_ACTIVITY_TITLES.length] ?? "青年活动",
          description: "面向辖区14至35周岁青年，免费参加。",
          place: `${spec.name(place.name)}活动室`,
          startsAt,
          endsAt,
          checkinOpensAt: minutesAfter(startsAt, -30),
          checkinClosesAt: endsAt,
          capacity,
          audience: "14–35周岁青年",
          status: "published",
          publicToken: publicToken(),
          checkinToken: publicToken(),
          createdAt: chinaInstant(addDays(date, -10), "10:00"),
        })
        .returning({ id: activity.id });
      if (!created) throw new Error("demo activity not inserted");
      activityCount += 1;
      const count = Math.round(capacity * (0.6 + 0.4 * random()));
      for (let index = 0; index < count; index += 1) {
        phoneNumber += 1;
        const checkedIn = random() < 0.85;
        const checkedOut = checkedIn && random() < 0.8;
        const rated = checkedOut && random() < 0.75;
        const isDemoMember = demoMember !== null && index === 0 && spec.key === "donghe" && daysAgo === 9;
        signups.push({
          activityId: created.id,
          countyId,
          name: isDemoMember ? demoMember.name : demoYouthName(random),
          phone: isDemoMember && demoMember.phone ? demoMember.phone : demoPhone(phoneNumber),
          memberId: isDemoMember ? Number(demoMember.memberId) : null,
          deviceKey: `demo-device-${phoneNumber}`,
          status: "confirmed",
          waitlistPosition: null,
          checkedInAt: checkedIn ? minutesAfter(startsAt, -Math.floor(random() * 25)) : null,
          checkedOutAt: checkedOut ? minutesAfter(endsAt, Math.floor(random() * 20)) : null,
          rating: rated ? (random() < 0.55 ? 5 : random() < 0.7 ? 4 : 3) : null,
          comment:
            rated && random() < 0.3
              ? (DEMO_RATING_COMMENTS[index % DEMO_RATING_COMMENTS.length] ?? null)
              : null,
          createdAt: chinaInstant(addDays(date, -3), "20:00"),
        });
      }
    }
  }

  // Upcoming: today at 东河镇 (check-in open now), next week full with a waiting list, and two more.
  const homeOf = (key: string) =>
    homes.find((home) => home.key === key) ?? (homes[0] as (typeof homes)[number]);
  const upcoming = [
    {
      home: homeOf("donghe"),
      title: "青年志愿者招募见面会",
      startsAt: minutesAfter(now, 20),
      minutes: 180,
      capacity: 60,
      signups: 18,
    },
    {
      home: homeOf("donghe"),
      title: "青年电商直播技能培训（第二期）",
      startsAt: chinaInstant(addDays(today, 7), "14:30"),
      minutes: 150,
      capacity: 30,
      signups: 34,
    },
    {
      home: homeOf("township-a"),
      title: "青年篮球友谊赛",
      startsAt: chinaInstant(addDays(today, 3), "15:00"),
      minutes: 120,
      capacity: 40,
      signups: 22,
    },
    {
      home: homeOf("student-return"),
      title: "寒假返乡大学生座谈会",
      startsAt: chinaInstant(addDays(today, 14), "09:30"),
      minutes: 150,
      capacity: 50,
      signups: 12,
    },
  ];
  for (const next of upcoming) {
    const endsAt = minutesAfter(next.startsAt, next.minutes);
    const [created] = await db
      .insert(activity)
      .values({
        organizationId: next.home.organizationId,
        countyId,
        youthHomeId: next.home.id,
        title: next.title,
        description: "扫码报名，名额有限，额满后进入候补。",
        place: "青年之家活动室",
        startsAt: next.startsAt,
        endsAt,
        checkinOpensAt: minutesAfter(next.startsAt, -30),
        checkinClosesAt: endsAt,
        capacity: next.capacity,
        audience: "14–35周岁青年",
        status: "published",
        publicToken: publicToken(),
        checkinToken: publicToken(),
        createdAt: minutesAfter(now, -5 * 24 * 60),
      })
      .returning({ id: activity.id });
    if (!created) throw new Error("demo activity not inserted");
    activityCount += 1;
    for (let index = 0; index < next.signups; index += 1) {
      phoneNumber += 1;
      const waitlisted = index >= next.capacity;
      const isDemoMember = demoMember !== null && index === 0 && next.capacity === 30;
      signups.push({
        activityId: created.id,
        countyId,
        name: isDemoMember ? demoMember.name : demoYouthName(random),
        phone: isDemoMember && demoMember.phone ? demoMember.phone : demoPhone(phoneNumber),
        memberId: isDemoMember ? Number(demoMember.memberId) : null,
        deviceKey: `demo-device-${phoneNumber}`,
        status: waitlisted ? "waitlisted" : "confirmed",
        waitlistPosition: waitlisted ? index - next.capacity + 1 : null,
        checkedInAt: null,
        checkedOutAt: null,
        rating: null,
        comment: null,
        createdAt: minutesAfter(now, -(next.signups - index) * 60),
      });
    }
  }
  for (let start = 0; start < signups.length; start += 500) {
    await db.insert(activitySignup).values(signups.slice(start, start + 500));
  }

  // Volunteering: approved and certified, approved and on notice, recorded, rejected.
  const volunteer = await seedDemoVolunteering(db, random, places, today, demoMember);

  // The county's youth survey, open, and a draft.
  const questions = surveyQuestionsSchema.parse(DEMO_SURVEY_QUESTIONS);
  // (each survey and its answers carry the organization's county bucket: on Citus the insert is routed by it)
  const surveyCounty = await countyOfOrganization(db, places.county.id);
  const [openSurvey] = await db
    .insert(survey)
    .values({
      organizationId: places.county.id,
      countyId: surveyCounty,
      title: `${places.county.name}青年发展状况调查问卷`,
      description: "了解全县14至35周岁青年的需求，匿名填写，约需3分钟。",
      questions,
      status: "open",
      publicToken: publicToken(),
      allowRepeatPerDevice: false,
      opensAt: chinaInstant(addDays(today, -21), "08:00"),
      closesAt: chinaInstant(addDays(today, 30), "23:59"),
      createdAt: chinaInstant(addDays(today, -25), "10:00"),
    })
    .returning({ id: survey.id, countyId: survey.countyId });
  if (!openSurvey) throw new Error("demo survey not inserted");
  // Located by id (county_locator, migration 0059_record_locator), as surveys.repository insertSurvey does.
  await locateInCounty(db, "survey", [openSurvey]);
  const sheets = demoSurveyAnswers(random, DEMO_SURVEY_RESPONSES);
  const responses = sheets.map((answers, index) => {
    const deviceKey = `demo-survey-device-${index + 1}`;
    return {
      surveyId: openSurvey.id,
      countyId: surveyCounty,
      deviceKey,
      uniqueDeviceKey: deviceKey,
      answers,
      createdAt: minutesAfter(
        chinaInstant(addDays(today, -20), "08:00"),
        Math.floor((index / sheets.length) * 20 * 24 * 60),
      ),
    };
  });
  for (let start = 0; start < responses.length; start += 500) {
    await db.insert(surveyResponse).values(responses.slice(start, start + 500));
  }
  const draftSurvey = await db
    .insert(survey)
    .values({
      organizationId: places.donghe.id,
      countyId: await countyOfOrganization(db, places.donghe.id),
      title: "青年婚恋交友需求调查",
      description: null,
      questions: surveyQuestionsSchema.parse(DEMO_DRAFT_SURVEY_QUESTIONS),
      status: "draft",
      publicToken: publicToken(),
      allowRepeatPerDevice: false,
    })
    .returning({ id: survey.id, countyId: survey.countyId });
  await locateInCounty(db, "survey", draftSurvey);

  const summary: DemoYouthHomesSummary = {
    homes: homes.length,
    activities: activityCount,
    signups: signups.length,
    volunteerRecords: volunteer.records,
    certificates: volunteer.certificates,
    surveyResponses: responses.length,
  };
  await recordAudit(db, actor, {
    action: "demo.seed_youth_homes",
    entityType: "organization",
    entityId: county.id,
    organizationId: county.id,
    detail: { ...summary, seed: DEMO_YOUTH_SEED },
  });
  return summary;
}

async function seedDemoVolunteering(
  db: Executor,
  random: Random,
  places: Places,
  today: string,
  demoMember: { memberId: number | null; name: string; phone: string | null } | null,
): Promise<{ records: number; certificates: number }> {
  const countyId = await countyOfOrganization(db, places.county.id);
  const shifts = [
    {
      org: places.county,
      title: "县城马拉松赛事服务",
      daysAgo: 45,
      hours: 4,
      records: 14,
      plan: "certified",
    },
    {
      org: places.donghe,
      title: "东河镇敬老院关爱服务",
      daysAgo: 18,
      hours: 3,
      records: 10,
      plan: "certified",
    },
    { org: places.donghe, title: "“清洁家园”河道清理", daysAgo: 4, hours: 2.5, records: 9, plan: "notice" },
    { org: places.county, title: "图书馆周末导读", daysAgo: 1, hours: 3, records: 8, plan: "recorded" },
  ] as const;
  let records = 0;
  let certificates = 0;
  let phoneNumber = 50_000;
  for (const spec of shifts) {
    const date = addDays(today, -spec.daysAgo);
    const startsAt = chinaInstant(date, "08:30");
    const endsAt = minutesAfter(startsAt, spec.hours * 60 + 30);
    const [shift] = await db
      .insert(volunteerShift)
      .values({
        organizationId: spec.org.id,
        countyId,
        title: spec.title,
        startsAt,
        endsAt,
        capacity: spec.records + 6,
        createdAt: chinaInstant(addDays(date, -7), "10:00"),
      })
      .returning({ id: volunteerShift.id });
    if (!shift) throw new Error("demo volunteer shift not inserted");
    for (let index = 0; index < spec.records; index += 1) {
      phoneNumber += 1;
      const isDemoMember = demoMember !== null && index === 0 && spec.plan === "certified";
      const rejected = spec.plan !== "recorded" && index === spec.records - 1;
      const approved = spec.plan !== "recorded" && !rejected;
      const hours = Math.max(1, spec.hours - (random() < 0.2 ? 0.5 : 0));
      const approvedOn = addDays(date, 1);
      const [record] = await db
        .insert(volunteerRecord)
        .values({
          shiftId: shift.id,
          organizationId: spec.org.id,
          countyId,
          memberId: isDemoMember ? Number(demoMember.memberId) : null,
          name: isDemoMember ? demoMember.name : demoYouthName(random),
          phone: isDemoMember && demoMember.phone ? demoMember.phone : demoPhone(phoneNumber),
          checkedInAt: minutesAfter(startsAt, -Math.floor(random() * 10)),
          checkedOutAt: minutesAfter(startsAt, hours * 60),
          hours: hours.toFixed(2),
          status: rejected ? "rejected" : approved ? "approved" : "recorded",
          approvedAt: approved || rejected ? chinaInstant(approvedOn, "16:00") : null,
          noticeUntil: approved ? volunteerNoticeUntil(approvedOn) : null,
          createdAt: minutesAfter(endsAt, 60),
        })
        .returning({ id: volunteerRecord.id });
      if (!record) throw new Error("demo volunteer record not inserted");
      records += 1;
      const noticeOver = approved && volunteerNoticeUntil(approvedOn) < today;
      if (spec.plan === "certified" && noticeOver && (isDemoMember || random() < 0.6)) {
        const issuedAt = chinaInstant(addDays(volunteerNoticeUntil(approvedOn), 1), "10:00");
        await db
          .update(volunteerRecord)
          .set({
            certificateNumber: volunteerCertificateNumber(chinaDateOf(issuedAt), record.id),
            certificateCode: randomBytes(6).toString("hex").toUpperCase(),
            certificateIssuedAt: issuedAt,
          })
          .where(eq(volunteerRecord.id, record.id));
        certificates += 1;
      }
    }
  }
  return { records, certificates };
}
