import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { unwrap } from "../../../api/errors";
import { queryKeys } from "../../../api/query-keys";
import type { components, paths } from "../../../api/schema";

type Json<Response> = Response extends { content: { "application/json": infer Body } } ? Body : never;

/** One open work item (待办) the user can act on; `link` is the page below its organization (/orgs/{id}…). */
export type TodoItem = components["schemas"]["TodoItem"];
export type TodoPage = Json<paths["/api/v1/todos"]["get"]["responses"][200]>;
/** The inbox count of one kind (the menu badge). */
export type TodoCount = Json<paths["/api/v1/todos/counts"]["get"]["responses"][200]>[number];

/** A workflow kind the inbox can be filtered by (e.g. "member_development"). */
export type TodoKind = NonNullable<NonNullable<paths["/api/v1/todos"]["get"]["parameters"]["query"]>["kind"]>;

export interface TodoFilters {
  kind?: TodoKind;
  organizationId?: number;
  page: number;
  pageSize: number;
}

/** GET /todos: the items the user can act on, oldest first, filtered by kind and organization. */
export function todosQuery(filters: TodoFilters) {
  return queryOptions({
    queryKey: [...queryKeys.todos, "list", filters],
    queryFn: (): Promise<TodoPage> => unwrap(api.GET("/api/v1/todos", { params: { query: filters } })),
    placeholderData: keepPreviousData,
  });
}

/** GET /todos/counts: open items per kind, for the menu's badge. */
export function todoCountsQuery() {
  return queryOptions({
    queryKey: [...queryKeys.todos, "counts"],
    queryFn: (): Promise<TodoCount[]> => unwrap(api.GET("/api/v1/todos/counts")),
    // The inbox fills as others act: refresh it now and then while the app is open.
    refetchInterval: 60_000,
  });
}
