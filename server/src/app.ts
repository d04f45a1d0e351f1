import { existsSync } from "node:fs";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import type { FastifyHelmetOptions } from "@fastify/helmet";
import fastifyHelmet from "@fastify/helmet";
import fastifyMultipart from "@fastify/multipart";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { z } from "zod";
import { REPOSITORY_ROOT } from "./config";
import type { AppConfig, AppContext } from "./lib/app-context";
import { registerActivityRoutes } from "./modules/activities/activity.routes";
import { registerActivityPublicRoutes } from "./modules/activities/activity-public.routes";
import { registerAdmissionQuotaRoutes } from "./modules/admission-quotas/admission-quota.routes";
import { registerLeagueRatioRoutes } from "./modules/admission-ratios/league-ratio.routes";
import { registerArchiveRoutes } from "./modules/archive/archive.routes";
import { registerAuditRoutes } from "./modules/audit/audit.routes";
import { registerAuthRoutes } from "./modules/auth/auth.routes";
import { registerCadreReviewRoutes } from "./modules/cadre-reviews/cadre-reviews.routes";
import { registerCadreRoutes } from "./modules/cadres/cadres.routes";
import { registerCampaignRoutes } from "./modules/campaigns/campaign.routes";
import { registerDevelopmentRoutes } from "./modules/development/development.routes";
import { registerDevelopmentDocumentRoutes } from "./modules/development/development-documents.routes";
import { registerDevelopmentPointsRoutes } from "./modules/development/development-points.routes";
import { registerDictionaryRoutes } from "./modules/dictionaries/dictionary.routes";
import { registerDuesRoutes } from "./modules/dues/dues.routes";
import { registerEducationReviewRoutes } from "./modules/education-reviews/education-review.routes";
import { registerIndicatorRoutes } from "./modules/indicators/indicator.routes";
import { registerLiaisonRoutes } from "./modules/liaison/liaison.routes";
import { registerMeRoutes } from "./modules/me/me.routes";
import { registerLeagueSchoolRoutes } from "./modules/meetings/league-school.routes";
import { registerMeetingRoutes } from "./modules/meetings/meeting.routes";
import { registerMemberStatusRoutes } from "./modules/member-status/member-status.routes";
import { registerMemberRoutes } from "./modules/members/member.routes";
import { registerMemberRecordRoutes } from "./modules/members/member-record.routes";
import { registerOrganizationRoutes } from "./modules/organizations/organization.routes";
import { registerPartyRecommendationRoutes } from "./modules/party-recommendations/party-recommendation.routes";
import { registerPlanComparisonRoutes } from "./modules/plans/comparison/plan-comparison.routes";
import { registerEvaluationRoutes } from "./modules/plans/evaluation/evaluation.routes";
import { registerPlanExportRoutes } from "./modules/plans/export/plan-export.routes";
import { registerPlanRoutes } from "./modules/plans/ledger/plan.routes";
import { registerPlanTrackingRoutes } from "./modules/plans/plan-tracking.routes";
import { registerPlanTargetRoutes } from "./modules/plans/targets/plan-target.routes";
import { registerPlanUnitRoutes } from "./modules/plans/units/plan-unit.routes";
import { registerRegistrationRoutes } from "./modules/registrations/registration.routes";
import { registerOrganizationImportRoutes } from "./modules/registry/organization-import.routes";
import { registerRegistryRoutes } from "./modules/registry/registry.routes";
import { registerStarRatingRoutes } from "./modules/star-ratings/star-rating.routes";
import { registerStatsRoutes } from "./modules/stats/stats.routes";
import { registerSurveyRoutes } from "./modules/surveys/surveys.routes";
import { registerTermRoutes } from "./modules/terms/terms.routes";
import { registerTransferSeasonRoutes } from "./modules/transfer-season/transfer-season.routes";
import { registerTransferLetterRoutes } from "./modules/transfers/transfer-letters.routes";
import { registerTransferRoutes } from "./modules/transfers/transfers.routes";
import { registerUserRoutes } from "./modules/users/user.routes";
import { registerVolunteerHoursRoutes } from "./modules/volunteer-hours/volunteer-hours.routes";
import { registerTodoRoutes } from "./modules/workflow/todo.routes";
import { registerYouthHomeRoutes } from "./modules/youth-homes/youth-home.routes";
import { authenticationPlugin } from "./plugins/authentication";
import { controlCharactersPlugin } from "./plugins/control-characters";
import { installErrorHandler } from "./plugins/error-handler";
import { routePermissionsPlugin } from "./plugins/route-permissions";

export type { AppConfig, AppContext } from "./lib/app-context";

/** Largest upload accepted by the multipart parser, in bytes (32 MiB); routes set tighter limits. */
export const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;

/**
 * The security headers of every response (@fastify/helmet), for the web app, the API and the OpenAPI
 * page alike: a Content-Security-Policy that runs only the app's own script files (no inline script, no
 * eval, no other origin) and that no page may frame; X-Frame-Options DENY for older browsers;
 * Referrer-Policy no-referrer; X-Content-Type-Options nosniff. Styles allow 'unsafe-inline' because
 * Ant Design writes its CSS-in-JS into <style> elements at run time. Images and fonts may be data: URLs
 * (Ant Design's icons, the OpenAPI page). HTTPS-only headers (HSTS, upgrade-insecure-requests) are sent
 * only with secure cookies, so a county server on plain HTTP inside its network keeps working.
 */
export function securityHeaders(config: Pick<AppConfig, "cookieSecure">): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.cookieSecure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: config.cookieSecure ? { maxAge: 31_536_000 } : false,
  };
}

/**
 * Builds the Fastify app: plugins (cookies, rate limit, OpenAPI, authentication, permissions) before
 * routes, every route under /api/v1 with zod schemas, OpenAPI at /api/docs (JSON at /api/docs/json),
 * and the web app with an SPA fallback. Does not listen.
 */
export async function buildApp(context: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      context.config.logLevel === "silent" || !context.config.logLevel
        ? false
        : {
            level: context.config.logLevel,
            // Query strings may carry ID tails or names: log the path only (never personal data).
            serializers: {
              req: (request: { method: string; url: string }) => ({
                method: request.method,
                url: request.url.split("?")[0],
              }),
            },
          },
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, securityHeaders(context.config));
  await app.register(fastifyRateLimit, { global: false });
  // Uploads (attachments ≤ 20 MB, Excel imports): one file per request, checked again by each route.
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "tuanwu 团务 API",
        description: "共青团基层组织工作平台 API. Cookie session; writes need the x-csrf-token header.",
        version: "1",
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });
  await app.register(routePermissionsPlugin);
  await app.register(controlCharactersPlugin);
  await app.register(authenticationPlugin, { db: context.db });

  await app.register(
    async (v1) => {
      const typed = v1.withTypeProvider<ZodTypeProvider>();
      typed.get(
        "/health",
        {
          config: { permission: "public" },
          schema: { tags: ["health"], response: { 200: z.object({ status: z.literal("ok") }) } },
        },
        /** GET /api/v1/health — liveness: {"status":"ok"}. Public. */
        async () => ({ status: "ok" as const }),
      );
      await registerAuthRoutes(typed, context);
      await registerDictionaryRoutes(typed);
      await registerOrganizationRoutes(typed, context);
      await registerMemberRoutes(typed, context);
      await registerStatsRoutes(typed, context);
      await registerMemberRecordRoutes(typed, context);
      await registerMemberStatusRoutes(typed, context);
      await registerArchiveRoutes(typed, context);
      await registerRegistryRoutes(typed, context);
      await registerOrganizationImportRoutes(typed, context);
      await registerPlanRoutes(typed, context);
      await registerPlanTrackingRoutes(typed, context);
      await registerEvaluationRoutes(typed, context);
      await registerPlanComparisonRoutes(typed, context);
      await registerIndicatorRoutes(typed, context);
      await registerPlanTargetRoutes(typed, context);
      await registerPlanUnitRoutes(typed, context);
      await registerPlanExportRoutes(typed, context);
      await registerUserRoutes(typed, context);
      await registerAuditRoutes(typed, context);
      await registerTodoRoutes(typed, context);
      await registerDevelopmentRoutes(typed, context);
      await registerDevelopmentPointsRoutes(typed, context);
      await registerAdmissionQuotaRoutes(typed, context);
      await registerLeagueRatioRoutes(typed, context);
      await registerMeRoutes(typed, context);
      await registerMeetingRoutes(typed, context);
      await registerLeagueSchoolRoutes(typed, context);
      await registerDuesRoutes(typed, context);
      await registerStarRatingRoutes(typed, context);
      await registerCampaignRoutes(typed, context);
      await registerEducationReviewRoutes(typed, context);
      await registerRegistrationRoutes(typed, context);
      await registerPartyRecommendationRoutes(typed, context);
      await registerDevelopmentDocumentRoutes(typed, context);
      await registerTransferRoutes(typed, context);
      await registerTransferLetterRoutes(typed, context);
      await registerTransferSeasonRoutes(typed, context);
      await registerYouthHomeRoutes(typed, context);
      await registerActivityRoutes(typed, context);
      await registerActivityPublicRoutes(typed, context);
      await registerSurveyRoutes(typed, context);
      await registerVolunteerHoursRoutes(typed, context);
      await registerCadreRoutes(typed, context);
      await registerTermRoutes(typed, context);
      await registerCadreReviewRoutes(typed, context);
      await registerLiaisonRoutes(typed, context);
    },
    { prefix: "/api/v1" },
  );

  const webDist = context.config.webDist ?? path.join(REPOSITORY_ROOT, "web", "dist");
  if (webDist && existsSync(path.join(webDist, "index.html"))) {
    await app.register(fastifyStatic, { root: webDist });
  }
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split("?")[0] ?? "";
    if (pathname.startsWith("/api/") || !webDist || request.method !== "GET") {
      return reply.status(404).send({ error: { code: "not_found", message: "接口不存在 / no such route" } });
    }
    if (!existsSync(path.join(webDist, "index.html"))) {
      return reply
        .status(404)
        .type("text/plain; charset=utf-8")
        .send("网页尚未构建：运行 npm run build / the web app is not built: run npm run build");
    }
    return reply.type("text/html; charset=utf-8").sendFile("index.html");
  });
  return app;
}
