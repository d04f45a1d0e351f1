import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, OPENAPI_JSON, renderApiTypes, WEB_API_TYPES } from "./generate-openapi";

describe("the committed OpenAPI document and web client types", () => {
  it("match the server's routes (run `npm run api:generate` after changing a route)", async () => {
    const document = await buildOpenApiDocument();
    expect(JSON.parse(readFileSync(OPENAPI_JSON, "utf8"))).toEqual(JSON.parse(JSON.stringify(document)));
    expect(readFileSync(WEB_API_TYPES, "utf8")).toBe(await renderApiTypes(document));
  });
});
