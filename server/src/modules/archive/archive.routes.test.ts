import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInChina } from "../../lib/clock";
import {
  createArchiveTestApp,
  memberIdByName,
  pdfBytes,
  uploadAttachmentAs,
} from "../../test/archive-factories";
import { logInEach, type TestSession } from "../../test/factories";
import { systemActor } from "../auth/system-actor";
import { appendMemberEvent } from "./member-event.repository";

/** GET /members/{id}/events: the electronic archive (电子团员档案), one timeline with who and when. */

let context: Awaited<ReturnType<typeof createArchiveTestApp>>;
let admin: TestSession;
let county: TestSession;
let east: TestSession;
let secretary: TestSession;
let member: TestSession;
let wang: number;

beforeAll(async () => {
  context = await createArchiveTestApp();
  [admin, county, east, secretary, member] = await logInEach(context.app, [
    "admin",
    "county",
    "east",
    "secretary",
    "member",
  ]);
  wang = await memberIdByName(context.db, "王五");
});
afterAll(async () => context.close());

function events(memberId: number | string, session?: TestSession) {
  return context.app.inject({
    method: "GET",
    url: `/api/v1/members/${memberId}/events`,
    ...(session ? { headers: session.headers } : {}),
  });
}

function award(session: TestSession, grantedOn: string, title: string, kind = "league_award") {
  return context.app.inject({
    method: "POST",
    url: `/api/v1/members/${wang}/awards`,
    headers: session.headers,
    payload: { kind, title, grantedOn, grantingBody: "东河镇团委" },
  });
}

describe("GET /members/{id}/events", () => {
  it("answers 401 without a session", async () => {
    expect((await events(wang)).statusCode).toBe(401);
  });

  it("answers 404 outside the scope (a neighbouring branch's secretary) and for an unknown member", async () => {
    expect((await events(wang, secretary)).statusCode).toBe(404);
    expect((await events(999_999, admin)).statusCode).toBe(404);
  });

  it("answers 403 to a member (no member:read)", async () => {
    const id = await memberIdByName(context.db, "张三");
    expect((await events(id, member)).statusCode).toBe(403);
  });

  it("answers 400 naming the id", async () => {
    const response = await events("wang", east);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("id");
  });

  it("lists every event oldest first (by date, then as recorded), each with who and when", async () => {
    expect((await events(wang, east)).json().items).toEqual([]);
    await appendMemberEvent(context.db, systemActor("import"), {
      memberId: wang,
      kind: "joined",
      occurredOn: "2022-05-04",
      summary: "入团",
    });
    expect((await award(east, "2023-06-01", "优秀团员")).statusCode).toBe(201);
    const upload = await uploadAttachmentAs(context.app, east, wang, "application_form", pdfBytes("wang"));
    expect(upload.statusCode).toBe(201);
    expect((await award(county, "2021-01-10", "警告", "punishment")).statusCode).toBe(201);
    expect((await award(admin, "2023-06-01", "优秀团干部")).statusCode).toBe(201);

    const response = await events(wang, county);
    expect(response.statusCode).toBe(200);
    const items = response.json().items as {
      id: number;
      kind: string;
      occurredOn: string;
      recordedAt: string;
      actorName: string;
      summary: string;
      detail: unknown;
    }[];
    expect(items.map((item) => [item.occurredOn, item.kind, item.actorName, item.summary])).toEqual([
      ["2021-01-10", "punished", "county", "处分：警告（东河镇团委）"],
      ["2022-05-04", "joined", "import", "入团"],
      ["2023-06-01", "awarded", "east", "团内奖励：优秀团员（东河镇团委）"],
      ["2023-06-01", "awarded", "admin", "团内奖励：优秀团干部（东河镇团委）"],
      [todayInChina(), "attachment_uploaded", "east", "上传入团志愿书：入团志愿书.pdf"],
    ]);
    for (const item of items) expect(Number.isNaN(Date.parse(item.recordedAt))).toBe(false);
    expect(items[4]?.detail).toMatchObject({ attachmentId: upload.json().id, kind: "application_form" });
    expect(Object.keys(items[0] ?? {}).sort()).toEqual(
      ["actorName", "detail", "id", "kind", "occurredOn", "recordedAt", "summary"].sort(),
    );
  });
});
