import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countyOfOrganization } from "../../db/county";
import { latestAuditEntry } from "../../test/database-state";
import { createTestApp, createTestUser, logInEach, type TestSession } from "../../test/factories";
import { sendAs } from "../../test/member-factories";
import { isYouthHomeInSubtree } from "./activity.repository";
import { expectRefused } from "./activity.test-support";

/**
 * Activities 活动, the staff side (issue 14 part 2): publish with the default check-in window, list
 * with counts per activity and per organization, edit (capacity never below the confirmed), cancel,
 * photos (the type from the bytes: "not an image" is 400); 401/403/404/400/409 and success; refusals
 * write nothing; writes audited.
 */

let context: Awaited<ReturnType<typeof createTestApp>>;
let east: TestSession;
let west: TestSession;
let member: TestSession;
let county: TestSession;
let activityId: number;
let eastHomeId: number;
let westHomeId: number;

const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

const activity = {
  title: "青年志愿服务培训",
  description: "志愿服务基础知识",
  place: "东河镇文化站",
  startsAt: "2026-12-20T14:00:00+08:00",
  endsAt: "2026-12-20T16:00:00+08:00",
  capacity: 30,
  audience: "全镇青年",
};

function upload(session: TestSession | undefined, id: number, bytes: Buffer, fileName: string) {
  const boundary = "----tuanwu-test-boundary";
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return context.app.inject({
    method: "POST",
    url: `/api/v1/activities/${id}/photos`,
    payload,
    headers: { "content-type": `multipart/form-data; boundary=${boundary}`, ...(session?.headers ?? {}) },
  });
}

beforeAll(async () => {
  context = await createTestApp();
  await createTestUser(context.db, "west", "org_admin", context.tree.west.id);
  [county, east, west, member] = await logInEach(context.app, ["county", "east", "west", "member"]);
  const made = async (session: TestSession, organizationId: number, name: string) => {
    const response = await sendAs(
      context.app,
      session,
      "POST",
      `/organizations/${organizationId}/youth-homes`,
      {
        kind: "youth_home",
        name,
      },
    );
    return response.json().id as number;
  };
  eastHomeId = await made(east, context.tree.east.id, "东河镇青年之家");
  westHomeId = await made(west, context.tree.west.id, "西河镇青年之家");
});
afterAll(async () => context.close());

describe("POST /organizations/{id}/activities", () => {
  const url = () => `/organizations/${context.tree.east.id}/activities`;

  it("refuses 401, 404 (another township), 403 (a member) and bad input naming the field, writing nothing", async () => {
    await expectRefused(context.db, () => sendAs(context.app, undefined, "POST", url(), activity), 401);
    await expectRefused(context.db, () => sendAs(context.app, west, "POST", url(), activity), 404);
    await expectRefused(
      context.db,
      () =>
        sendAs(
          context.app,
          member,
          "POST",
          `/organizations/${context.tree.eastVillage1.id}/activities`,
          activity,
        ),
      403,
    );
    await expectRefused(
      context.db,
      () => sendAs(context.app, east, "POST", url(), { ...activity, endsAt: "2026-12-20T13:00:00+08:00" }),
      400,
      { field: "endsAt" },
    );
    await expectRefused(
      context.db,
      () => sendAs(context.app, east, "POST", url(), { ...activity, startsAt: "2026-12-20 14:00" }),
      400,
      { field: "startsAt" },
    );
    await expectRefused(
      context.db,
      () => sendAs(context.app, east, "POST", url(), { ...activity, capacity: 0 }),
      400,
      {
        field: "capacity",
      },
    );
    await expectRefused(
      context.db,
      () => sendAs(context.app, east, "POST", url(), { ...activity, youthHomeId: westHomeId }),
      400,
      { field: "youthHomeId" },
    );
  });

  it("takes a home of the activity's county bucket only (the family is joined on (county_id, id))", async () => {
    const countyId = await countyOfOrganization(context.db, context.tree.east.id);
    const path = context.tree.county.path;
    expect(await isYouthHomeInSubtree(context.db, eastHomeId, path, countyId)).toBe(true);
    expect(await isYouthHomeInSubtree(context.db, eastHomeId, path, countyId + 1)).toBe(false);
  });

  it("publishes with the default window (start − 30 min … end) and two distinct links, audited", async () => {
    const response = await sendAs(context.app, east, "POST", url(), { ...activity, youthHomeId: eastHomeId });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json();
    activityId = created.id;
    expect(created).toMatchObject({
      youthHomeId: eastHomeId,
      youthHomeName: "东河镇青年之家",
      checkinOpensAt: "2026-12-20T05:30:00.000Z",
      checkinClosesAt: "2026-12-20T08:00:00.000Z",
      seatsLeft: 30,
      status: "published",
    });
    // 16 random bytes in base64url, then the activity's id (migration 0054: the public page finds its county).
    expect(created.publicToken).toMatch(new RegExp(`^[A-Za-z0-9_-]{22}${created.id}$`));
    expect(created.checkinToken).toMatch(new RegExp(`^[A-Za-z0-9_-]{22}${created.id}$`));
    expect(created.checkinToken).not.toBe(created.publicToken);
    const audit = await latestAuditEntry(context.db, "activity.create");
    expect(audit).toMatchObject({ entityId: String(activityId), organizationId: context.tree.east.id });
    expect(JSON.stringify(audit)).not.toContain(created.checkinToken);
  });
});

describe("reading, editing and cancelling", () => {
  it("reads inside the scope (404 outside, 401 anonymous) and lists with counts per organization", async () => {
    expect((await sendAs(context.app, west, "GET", `/activities/${activityId}`)).statusCode).toBe(404);
    expect((await sendAs(context.app, undefined, "GET", `/activities/${activityId}`)).statusCode).toBe(401);
    expect((await sendAs(context.app, west, "GET", `/activities/${activityId}/signups`)).statusCode).toBe(
      404,
    );
    const list = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${context.tree.county.id}/activities`,
    );
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({
      totals: { activities: 1, confirmed: 0 },
      byOrganization: [{ organizationId: context.tree.east.id, activities: 1 }],
    });
    const byHome = await sendAs(
      context.app,
      county,
      "GET",
      `/organizations/${context.tree.county.id}/activities?youthHomeId=${westHomeId}`,
    );
    expect(byHome.json().items).toHaveLength(0);
    const homes = (
      await sendAs(context.app, county, "GET", `/organizations/${context.tree.county.id}/youth-homes`)
    ).json();
    expect(homes.totals.activities).toBe(1);
  });

  it("edits; refuses inconsistent times (400) and outsiders (404), writing nothing", async () => {
    await expectRefused(
      context.db,
      () =>
        sendAs(context.app, east, "PATCH", `/activities/${activityId}`, {
          endsAt: "2026-12-19T10:00:00+08:00",
        }),
      400,
      { field: "endsAt" },
    );
    await expectRefused(
      context.db,
      () => sendAs(context.app, west, "PATCH", `/activities/${activityId}`, { title: "西" }),
      404,
    );
    const response = await sendAs(context.app, east, "PATCH", `/activities/${activityId}`, { capacity: 40 });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ capacity: 40, seatsLeft: 40 });
    expect(await latestAuditEntry(context.db, "activity.update")).toMatchObject({
      before: { capacity: 30 },
      after: { capacity: 40 },
    });
  });

  it("adds a photo from its bytes; a file that is not an image is 400 and writes nothing", async () => {
    const text = Buffer.from("this is not an image at all");
    await expectRefused(context.db, () => upload(east, activityId, text, "fake.png"), 400, {
      code: "not_an_image",
      field: "file",
    });
    await expectRefused(context.db, () => upload(west, activityId, PNG, "a.png"), 404);
    await expectRefused(context.db, () => upload(undefined, activityId, PNG, "a.png"), 401);
    const huge = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
    await expectRefused(context.db, () => upload(east, activityId, huge, "huge.png"), 413, { field: "file" });
    const response = await upload(east, activityId, PNG, "合影.png");
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      fileName: "合影.png",
      contentType: "image/png",
      byteSize: PNG.length,
    });
    const photoId = response.json().id;
    const read = await sendAs(context.app, east, "GET", `/activities/${activityId}/photos/${photoId}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers["content-type"]).toBe("image/png");
    expect(read.rawPayload.equals(PNG)).toBe(true);
    const detail = (await sendAs(context.app, east, "GET", `/activities/${activityId}`)).json();
    expect(detail.photos).toHaveLength(1);
    expect(await latestAuditEntry(context.db, "activity.photo")).toMatchObject({ entityId: String(photoId) });
  });

  it("cancels once (409 the second time); a cancelled activity cannot be edited", async () => {
    // The route's permission is checked first: a member lacks youth_home:write (403).
    await expectRefused(
      context.db,
      () => sendAs(context.app, member, "POST", `/activities/${activityId}/cancel`),
      403,
    );
    const response = await sendAs(context.app, east, "POST", `/activities/${activityId}/cancel`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().status).toBe("cancelled");
    await expectRefused(
      context.db,
      () => sendAs(context.app, east, "POST", `/activities/${activityId}/cancel`),
      409,
      {
        code: "already_cancelled",
      },
    );
    await expectRefused(
      context.db,
      () => sendAs(context.app, east, "PATCH", `/activities/${activityId}`, { title: "改" }),
      422,
      { code: "activity_cancelled" },
    );
  });
});
