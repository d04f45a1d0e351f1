import { PERMISSIONS, type Permission } from "@tuanwu/domain";
import type { FastifyInstance, RouteOptions } from "fastify";
import fp from "fastify-plugin";
import { forbidden, unauthorized } from "../lib/http-errors";

/** What a route requires: a permission of domain/ auth, or "public" (no login). */
export type RoutePermission = Permission | "public";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Every route must declare this; the server refuses to start otherwise. */
    permission?: RoutePermission;
  }
}

/** One row of the route → permission table (snapshot-tested in route-permissions.test.ts). */
export interface RoutePermissionRow {
  method: string;
  url: string;
  permission: RoutePermission;
}

/** Thrown at start when a route does not declare its permission. */
export class UndeclaredPermissionError extends Error {}

/**
 * Makes every route declare `config.permission` (a permission or "public") — a route without one makes
 * `app.ready()` fail — and enforces it: no actor → 401, a role without the permission → 403.
 * Scope (the user's subtree) is checked by the services, which answer 404 outside it.
 * Decorates `app.routePermissions` with the table of every route.
 */
export const routePermissionsPlugin = fp(async (app: FastifyInstance) => {
  const table: RoutePermissionRow[] = [];
  app.decorate("routePermissions", table);
  app.addHook("onRoute", (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((method) => method === "HEAD")) return;
    const url = route.url;
    if (url.startsWith("/api/docs") || !url.startsWith("/api/")) return;
    const permission = (route.config as { permission?: RoutePermission } | undefined)?.permission;
    if (permission === undefined || (permission !== "public" && !PERMISSIONS.includes(permission))) {
      throw new UndeclaredPermissionError(
        `Route ${methods.join(",")} ${url} does not declare config.permission (a permission or "public")`,
      );
    }
    for (const method of methods) if (method !== "HEAD") table.push({ method, url, permission });
    if (permission === "public") return;
    const check = async (request: { actor: { permissions: ReadonlySet<string> } | null }) => {
      if (!request.actor) throw unauthorized();
      if (!request.actor.permissions.has(permission)) throw forbidden();
    };
    const existing = route.preHandler;
    route.preHandler = existing ? [check, ...(Array.isArray(existing) ? existing : [existing])] : [check];
  });
});

declare module "fastify" {
  interface FastifyInstance {
    routePermissions: RoutePermissionRow[];
  }
}
