/**
 * The import graph's rules, checked by `npm run check:imports` (part of `npm test`); the folders it
 * reads are listed in that script. docs/ARCHITECTURE.md "Import rules" explains them.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    // The web: features import each other in one direction only (web/dependency-rules.cjs).
    ...require("./web/dependency-rules.cjs"),
    {
      name: "no-circular",
      severity: "error",
      comment:
        "An import cycle (type-only imports included). Move the shared type or schema down to a file both can import (lib/, plugins/, a *.schemas.ts, domain/).",
      from: {},
      to: { circular: true },
    },
    {
      name: "domain-is-pure",
      severity: "error",
      comment: "domain/ is pure rules: it imports nothing of the server, the web or the tests.",
      from: { path: "^domain/src" },
      to: { path: "^(server|web|e2e|bench)/" },
    },
    {
      name: "repository-below-service",
      severity: "error",
      comment:
        "Direction route → service → repository → db: a repository never imports a service or a route file.",
      from: { path: "\\.repository\\.ts$" },
      to: { path: "\\.(service|routes)\\.ts$" },
    },
    {
      name: "service-below-routes",
      severity: "error",
      comment: "Direction route → service → repository → db: a service never imports a route file.",
      from: { path: "^server/src/modules/.*\\.service\\.ts$" },
      to: { path: "\\.routes\\.ts$" },
    },
    {
      name: "db-below-modules",
      severity: "error",
      comment: "server/src/db (schema, connection) is the bottom layer: it imports no feature module.",
      from: { path: "^server/src/db/" },
      to: { path: "^server/src/modules/" },
    },
    {
      name: "routes-not-shared",
      severity: "error",
      comment:
        "A route file is imported only by app.ts (or the module's own route registrar): shared schemas go to a *.schemas.ts.",
      from: { path: "^server/src/modules/", pathNot: "\\.routes\\.ts$|\\.test\\.ts$" },
      to: { path: "\\.routes\\.ts$" },
    },
    {
      name: "routes-not-across-modules",
      severity: "error",
      comment:
        "A route file imports no other module's route file (a registrar may import its own module's sub-route files): shared schemas go to a *.schemas.ts.",
      from: { path: "^server/src/modules/([^/]+)/.*\\.routes\\.ts$" },
      to: { path: "\\.routes\\.ts$", pathNot: "^server/src/modules/$1/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".mjs", ".json"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
