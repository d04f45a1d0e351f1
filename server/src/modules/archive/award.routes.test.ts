import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInChina } from "../../lib/clock";
import {
  archiveState,
  createArchiveTestApp,
  memberIdByName,
  pdfBytes,
  pngBytes,
  uploadAttachmentAs,
} from "../../test/archive-factories";
import { latestAuditEntry } from "../../test/database-state";
import { logInEach, type TestSession } from "../../test/factories";
import { findLatestMemberEvent } from "./member-event.repository";

/** GET and POST /members/{id}/awards: 奖励与处分 with date, granting body and a certificate. */

let context: Awaited<ReturnType<typeof createArchiveTestApp>>;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let zhang: number;
let li: number;
let wang: number;
let zhangCertificate: number;
let liCertificate: number;
let zhangForm: number;

beforeAll(async () => {
  context = await createArchiveTestApp();
  [east, secretary, member] = await logInEach(context.app, ["east", "secretary", "member"]);
  zhang = await memberIdByName(context.db, "张三");
  li = await memberIdByName(context.db, "李四");
  wang = await memberIdByName(context.db, "王五");
  const upload = async (memberId: number, kind: string, bytes: Buffer) =>
    (await uploadAttachmentAs(context.app, secretary, memberId, kind, bytes, "证书.png", "image/png")).json()
      .id as number;
  zhangCertificate = await upload(zhang, "award_certificate", pngBytes("zhang"));
  liCertificate = await upload(li, "award_certificate", pngBytes("li"));
  zhangForm = await upload(zhang, "application_form", pdfBytes("zhang"));
});
afterAll(async () => context.close());

const valid = {
  kind: "league_award",
  title: "优秀共青团员",
  grantedOn: "2024-05-04",
  grantingBody: "共青团测试县委员会",
};

function create(memberId: number, body: unknown, session?: TestSession) {
  return context.app.inject({
    method: "POST",
    url: `/api/v1/members/${memberId}/awards`,
    payload: body as Record<string, unknown>,
    ...(session ? { headers: session.headers } : {}),
  });
}

function list(memberId: number | string, session?: TestSession) {
  return context.app.inject({
    method: "GET",
    url: `/api/v1/members/${memberId}/awards`,
    ...(session ? { headers: session.headers } : {}),
  });
}

async function expectNothingWritten(action: () => Promise<void>) {
  const before = await archiveState(context.db, context.filesDir);
  await action();
  expect(await archiveState(context.db, context.filesDir)).toEqual(before);
}

describe("POST /members/{id}/awards — refusals", () => {
  it("answers 401 without a session", async () => {
    expect((await create(zhang, valid)).statusCode).toBe(401);
  });

  it("answers 404 for a member of the neighbouring branch", async () => {
    await expectNothingWritten(async () => {
      expect((await create(wang, valid, secretary)).statusCode).toBe(404);
    });
  });

  it("answers 403 to a member (no member:write)", async () => {
    expect((await create(zhang, valid, member)).statusCode).toBe(403);
  });

  const tomorrow = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  it.each([
    [{ ...valid, kind: "medal" }, "kind"],
    [{ ...valid, title: "" }, "title"],
    [{ ...valid, title: undefined }, "title"],
    [{ ...valid, grantedOn: "2024-02-30" }, "grantedOn"],
    [{ ...valid, grantedOn: "2024/05/04" }, "grantedOn"],
    [{ ...valid, grantedOn: tomorrow }, "grantedOn"],
    [{ ...valid, grantingBody: "  " }, "grantingBody"],
    [{ ...valid, attachmentId: 0 }, "attachmentId"],
    [{ ...valid, attachmentId: 999_999 }, "attachmentId"],
  ])("answers 400 naming the field for %j", async (body, field) => {
    await expectNothingWritten(async () => {
      const response = await create(zhang, body, secretary);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.field).toBe(field);
    });
  });

  it("refuses another member's certificate and the application form as the attachment", async () => {
    await expectNothingWritten(async () => {
      for (const attachmentId of [liCertificate, zhangForm]) {
        const response = await create(zhang, { ...valid, attachmentId }, secretary);
        expect(response.statusCode).toBe(400);
        expect(response.json().error.field).toBe("attachmentId");
      }
    });
  });
});

describe("POST /members/{id}/awards — success", () => {
  it("records an award with its certificate: audited, archive entry 'awarded' on the date granted", async () => {
    const response = await create(zhang, { ...valid, attachmentId: zhangCertificate }, secretary);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      ...valid,
      memberId: zhang,
      attachmentId: zhangCertificate,
      recordedByName: "secretary",
    });
    expect(await latestAuditEntry(context.db, "member_award.create")).toMatchObject({
      actorName: "secretary",
      entityId: String(response.json().id),
      organizationId: context.tree.eastVillage1.id,
    });
    expect(await findLatestMemberEvent(context.db, zhang)).toMatchObject({
      kind: "awarded",
      occurredOn: "2024-05-04",
      actorName: "secretary",
      summary: "团内奖励：优秀共青团员（共青团测试县委员会）",
    });
  });

  it("records a punishment as 'punished', and an award outside the League dated today", async () => {
    const punishment = await create(
      zhang,
      { kind: "punishment", title: "警告", grantedOn: "2023-01-10", grantingBody: "东一村团支部" },
      east,
    );
    expect(punishment.statusCode).toBe(201);
    expect(await findLatestMemberEvent(context.db, zhang)).toMatchObject({
      kind: "punished",
      occurredOn: "2023-01-10",
    });
    const today = todayInChina();
    const other = await create(
      zhang,
      { kind: "other_award", title: "三好学生", grantedOn: today, grantingBody: "县教育局" },
      east,
    );
    expect(other.statusCode).toBe(201);
    expect(other.json().attachmentId).toBeNull();
  });
});

describe("GET /members/{id}/awards", () => {
  it("answers 401, 404 outside the scope, 403 to a member, 400 naming the id", async () => {
    expect((await list(zhang)).statusCode).toBe(401);
    expect((await list(wang, secretary)).statusCode).toBe(404);
    expect((await list(zhang, member)).statusCode).toBe(403);
    expect((await list("-1", secretary)).json().error.field).toBe("id");
  });

  it("lists awards and punishments, most recent first", async () => {
    const response = await list(zhang, east);
    expect(response.statusCode).toBe(200);
    expect(
      response.json().items.map((item: { title: string; kind: string }) => [item.kind, item.title]),
    ).toEqual([
      ["other_award", "三好学生"],
      ["league_award", "优秀共青团员"],
      ["punishment", "警告"],
    ]);
    expect((await list(li, east)).json().items).toEqual([]);
  });
});
