import { z } from "zod";
import { commonErrorResponses, idParameter } from "../../lib/api-schemas";
import type { AppContext } from "../../lib/app-context";
import type { ZodApp } from "../../lib/zod-app";
import { requireActor } from "../../plugins/authentication";
import { countTodos, listTodos, TODO_PAGE_SIZE_LIMIT } from "./todo.service";
import { WORKFLOW_KIND_NAMES } from "./workflow-kinds";

const todoItemSchema = z
  .object({
    id: z.number().int(),
    instanceId: z.number().int(),
    kind: z.string().describe("the workflow, e.g. member_development"),
    kindLabel: z.string(),
    state: z.string(),
    stateLabel: z.string(),
    organizationId: z.number().int(),
    organizationName: z.string(),
    title: z.string().describe("who or what it is about (the applicant's name)"),
    openedAt: z.string().describe("when it started waiting (ISO timestamp)"),
    link: z.string().nullable().describe("the web page to act on it"),
  })
  .meta({ id: "TodoItem" });

/**
 * The to-do inbox (待办, issue 10 part 1): what the signed-in user can act on now, from the work items
 * the approval engine opens and closes with each transition.
 */
export async function registerTodoRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get(
    "/todos",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["todos"],
        summary: "待办 The signed-in user's to-do inbox, oldest first",
        querystring: z.object({
          kind: z.enum(WORKFLOW_KIND_NAMES, { error: "kind：无效的取值" }).optional(),
          organizationId: idParameter.optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce
            .number()
            .int()
            .min(1)
            .max(
              TODO_PAGE_SIZE_LIMIT,
              `pageSize 不能超过 ${TODO_PAGE_SIZE_LIMIT} / at most ${TODO_PAGE_SIZE_LIMIT}`,
            )
            .default(20),
        }),
        response: {
          200: z.object({
            items: z.array(todoItemSchema),
            total: z.number().int(),
            page: z.number().int(),
            pageSize: z.number().int(),
          }),
          ...commonErrorResponses,
        },
      },
    },
    /** GET /api/v1/todos?kind=&organizationId=&page=&pageSize= → {items, total, page, pageSize}. */
    async (request) => listTodos(db, requireActor(request), request.query),
  );

  app.get(
    "/todos/counts",
    {
      config: { permission: "organization:read" },
      schema: {
        tags: ["todos"],
        summary: "待办数量 Open items per kind (the menu badge)",
        response: {
          200: z.array(z.object({ kind: z.string(), label: z.string(), count: z.number().int() })),
          ...commonErrorResponses,
        },
      },
    },
    /** GET /api/v1/todos/counts → [{kind, label, count}], kinds with no item left out. */
    async (request) => countTodos(db, requireActor(request)),
  );
}
