import { MEMBER_STATUSES, SEXES } from "@tuanwu/domain";
import { z } from "zod";
import type { AppContext } from "../../app";
import { commonErrorResponses, idParameter } from "../../lib/api-schemas";
import { todayInChina } from "../../lib/clock";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { listMembers, MEMBER_PAGE_SIZE_LIMIT } from "./member.service";

export const memberListItemSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    sex: z.enum(SEXES),
    birthDate: z.string(),
    age: z.number().int().describe("whole years today"),
    citizenId: z.string().describe("masked, e.g. 5108**********123X"),
    phone: z.string().nullable().describe("masked, e.g. 138****5678"),
    memberNumber: z.string().nullable(),
    joinedOn: z.string(),
    status: z.enum(MEMBER_STATUSES),
    organizationId: z.number().int(),
    organizationName: z.string(),
    ethnicity: z.string().nullable(),
    education: z.string().nullable(),
    occupation: z.string().nullable(),
    politicalStatus: z.string().nullable(),
  })
  .meta({ id: "MemberListItem" });

/** Member routes (团员): the paged, searchable member list of a subtree. */
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
          q: z.string().trim().max(50).optional(),
          status: z.enum(MEMBER_STATUSES).optional(),
        }),
        response: {
          200: z.object({
            items: z.array(memberListItemSchema),
            total: z.number().int(),
            page: z.number().int(),
            pageSize: z.number().int(),
          }),
          ...commonErrorResponses,
        },
      },
    },
    /** GET /api/v1/organizations/{id}/members?page=&pageSize=&q=&status= → a page; ID and phone masked. */
    async (request) =>
      listMembers(db, requireActor(request), request.params.id, request.query, todayInChina()),
  );
}
