import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import { Document, Packer, Paragraph } from "docx";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The dependencies whose newest releases declare Node ≥ 22 (issue 17 part 6), exercised on the Node
 * that runs the tests — Node 20 and Node 24 in CI (.ci/run). cookie is pinned to 1.1 and nanoid (bundled
 * into docx) to 5 by the root package.json's `overrides`; content-disposition 3 (of @fastify/static,
 * ESM, loaded through require(esm), which Node 20.19 has) is kept and shown to work here.
 */

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "tuanwu-runtime-"));
  await writeFile(path.join(folder, "report.txt"), "ok");
});
afterAll(async () => rm(folder, { recursive: true, force: true }));

describe(`runtime dependencies on Node ${process.versions.node}`, () => {
  it("@fastify/static's reply.download names the file (content-disposition)", async () => {
    const app = Fastify();
    await app.register(fastifyStatic, { root: folder, serve: false });
    app.get("/download", (_request, reply) => reply.download("report.txt", "报告.txt"));
    const response = await app.inject({ method: "GET", url: "/download" });
    await app.close();
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe("ok");
    expect(response.headers["content-disposition"]).toContain("filename*=UTF-8''%E6%8A%A5%E5%91%8A.txt");
  });

  it("@fastify/cookie sets and reads a cookie, and inject carries it (cookie)", async () => {
    const app = Fastify();
    await app.register(fastifyCookie);
    app.get("/set", (_request, reply) => reply.setCookie("session", "a b", { httpOnly: true }).send("set"));
    app.get("/read", (request) => ({ session: request.cookies.session ?? null }));
    const set = await app.inject({ method: "GET", url: "/set" });
    expect(set.headers["set-cookie"]).toBe("session=a%20b; HttpOnly; SameSite=Lax");
    const read = await app.inject({ method: "GET", url: "/read", cookies: { session: "a b" } });
    await app.close();
    expect(read.json()).toEqual({ session: "a b" });
  });

  it("docx writes a document (nanoid ids)", async () => {
    const document = new Document({ sections: [{ children: [new Paragraph("团务")] }] });
    const bytes = await Packer.toBuffer(document);
    expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
  });
});
