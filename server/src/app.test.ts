import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRows } from "./test/database-state";
import { createTestApp, logInAs, type TestSession } from "./test/factories";

/** The app shell: health, unknown routes, content types, and the OpenAPI document. */

let context: Awaited<ReturnType<typeof createTestApp>>;
let county: TestSession;

beforeAll(async () => {
  context = await createTestApp();
  county = await logInAs(context.app, "county");
});
afterAll(async () => context.close());

describe("GET /health", () => {
  it("is public and answers {status: ok}", async () => {
    const response = await context.app.inject({ method: "GET", url: "/api/v1/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("answers the same with a session, and with an unknown session cookie", async () => {
    for (const cookie of [county.cookie, "tuanwu_session=stale"]) {
      const response = await context.app.inject({
        method: "GET",
        url: "/api/v1/health",
        headers: { cookie },
      });
      expect(response.json()).toEqual({ status: "ok" });
    }
  });
});

describe("unknown routes and content types", () => {
  it("answers 404 not_found as JSON for an unknown API route, logged in or not", async () => {
    for (const headers of [{}, county.headers]) {
      const response = await context.app.inject({ method: "GET", url: "/api/v1/nothing-here", headers });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe("not_found");
    }
  });

  it("answers 415 to a form post, 400 naming the body to plain text, and writes nothing", async () => {
    const counts = await countRows(context.db);
    const post = (contentType: string) =>
      context.app.inject({
        method: "POST",
        url: "/api/v1/organizations",
        headers: { ...county.headers, "content-type": contentType },
        payload: "parentId=1",
      });
    const form = await post("application/x-www-form-urlencoded");
    expect(form.statusCode).toBe(415);
    expect(form.json().error.code).toBe("unsupported_media_type");
    const text = await post("text/plain");
    expect(text.statusCode).toBe(400);
    expect(text.json().error).toMatchObject({ code: "invalid_input", field: "body" });
    expect(await countRows(context.db)).toEqual(counts);
  });

  it("answers 400 malformed_json to an empty JSON body", async () => {
    const response = await context.app.inject({
      method: "POST",
      url: "/api/v1/organizations",
      headers: { ...county.headers, "content-type": "application/json" },
      payload: "",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("malformed_json");
  });
});

describe("the OpenAPI document", () => {
  it("is served at /api/docs/json and describes the cookie API", async () => {
    const response = await context.app.inject({ method: "GET", url: "/api/docs/json" });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toContain("/api/v1/organizations/{id}/members");
  });
});

describe("security headers", () => {
  it.each([
    ["the API", "/api/v1/health"],
    ["an unknown API route", "/api/v1/nothing-here"],
    ["the OpenAPI page", "/api/docs/"],
  ])("on %s: a CSP without inline script, no framing, no referrer, no sniffing", async (_what, url) => {
    const response = await context.app.inject({ method: "GET", url });
    const csp = String(response.headers["content-security-policy"]);
    const directives = new Map(
      csp.split(";").map((directive) => {
        const [name = "", ...values] = directive.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get("script-src")).toEqual(["'self'"]);
    expect(directives.get("script-src-attr")).toEqual(["'none'"]);
    expect(directives.get("default-src")).toEqual(["'self'"]);
    expect(directives.get("object-src")).toEqual(["'none'"]);
    expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
    // Plain HTTP inside a county's network must keep working: no upgrade without secure cookies.
    expect(directives.has("upgrade-insecure-requests")).toBe(false);
    expect(response.headers["x-frame-options"]).toBe("DENY");
    expect(response.headers["referrer-policy"]).toBe("no-referrer");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["strict-transport-security"]).toBeUndefined();
  });

  it("the OpenAPI page still answers, with its script from a file", async () => {
    const page = await context.app.inject({ method: "GET", url: "/api/docs/" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("swagger-initializer.js");
    expect(page.body).not.toMatch(/<script>(?!\s*<\/script>)/);
  });
});
