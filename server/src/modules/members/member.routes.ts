import { AGE_BANDS, dictionaryCodes, MEMBER_STATUSES, POLITICAL_STATUSES, SECTORS } from "@tuanwu/domain";
import { z } from "zod";
import { commonErrorResponses, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { memberListItemSchema } from "./member.schemas";
import { listMembers, MEMBER_PAGE_SIZE_LIMIT } from "./member.service";

/**
 * Member routes (团员): the paged, searchable member list of a subtree, filterable by status, sector,
 * age band, cadre flag and political status (docs/member-registry.md).
 */
export async function registerMemberRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/organizations/:id/members",
    {
      config: { permission: "member:read" },
      schema: {
        tags: ["members"],
        summary: "组织成员 Members of a subtree (q: name, pinyin initials, ID tail, member number)",
        params: z.object({ id: idParameter }),
        querystring: z.object({
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce
            .number()
            .int()
            .min(1)
            .max(
              MEMBER_PAGE_SIZE_LIMIT,
              `pageSize 不能超过 ${MEMBER_PAGE_SIZE_LIMIT} / at most ${MEMBER_PAGE_SIZE_LIMIT}`,
            )
            .default(20),
          cursor: z
            .string()
            .max(200)
            .optional()
            .describe("keyset paging: nextCursor of the previous page (page is then ignored)"),
          q: z.string().trim().max(50).optional(),
          status: z.enum(MEMBER_STATUSES).optional(),
          sector: z.enum(SECTORS).optional().describe("sector of the member's branch"),
          ageBand: z.enum(AGE_BANDS).optional().describe("age band today, as in the statistics"),
          isCadre: z
            .enum(["true", "false"])
            .transform((value) => value === "true")
            .optional()
            .describe("holds a League post (是否团干部)"),
          politicalStatus: z.enum(dictionaryCodes(POLITICAL_STATUSES)).optional(),
        }),
        response: {
          200: z.object({
            items: z.array(memberListItemSchema),
            total: z.number().int().describe("exact when totalExact, otherwise an estimate (约 N)"),
            totalExact: z
              .boolean()
              .describe(
                "false: a filtered list with more than 1,000 matches, total estimated (the counters × the planner's share)",
              ),
            nextCursor: z.string().nullable().describe("the cursor of the next page; null on the last page"),
            page: z.number().int(),
            pageSize: z.number().int(),
          }),
          ...commonErrorResponses,
        },
      },
    },
    /**
     * GET /api/v1/organizations/{id}/members?page=&pageSize=&cursor=&q=&status=&sector=&ageBand=&isCadre=&politicalStatus=
     * → a page ordered by pinyin initials then id, with nextCursor; ID and phone masked.
     */
    async (request) =>
      listMembers(db, requireActor(request), request.params.id, request.query, todayInChina()),
  );
}
