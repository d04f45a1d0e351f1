import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { queryKeys } from "../../../api/query-keys";
import { callJson, queryString } from "../../development/api/json-call";

/** One open work item (待办) the user can act on. */
export interface TodoItem {
  id: number;
  instanceId: number;
  /** The workflow's kind, e.g. "member_development". */
  kind: string;
  kindLabel: string;
  state: string;
  stateLabel: string;
  organizationId: number;
  organizationName: string;
  /** What it is about, e.g. the applicant's name. */
  title: string;
  openedAt: string;
  /** The web page where it is handled, below the organization (/orgs/{organizationId}…); null if none. */
  link: string | null;
}

export interface TodoPage {
  items: TodoItem[];
  total: number;
  page: number;
  pageSize: number;
}

/** The inbox count of one kind (the menu badge). */
export interface TodoCount {
  kind: string;
  label: string;
  count: number;
}

export interface TodoFilters {
  kind?: string;
  organizationId?: number;
  page: number;
  pageSize: number;
}

/** GET /todos: the items the user can act on, oldest first, filtered by kind and organization. */
export function todosQuery(filters: TodoFilters) {
  return queryOptions({
    queryKey: [...queryKeys.todos, "list", filters],
    queryFn: () => callJson<TodoPage>("GET", `/api/v1/todos${queryString({ ...filters })}`),
    placeholderData: keepPreviousData,
  });
}

/** GET /todos/counts: open items per kind, for the menu's badge. */
export function todoCountsQuery() {
  return queryOptions({
    queryKey: [...queryKeys.todos, "counts"],
    queryFn: () => callJson<TodoCount[]>("GET", "/api/v1/todos/counts"),
    // The inbox fills as others act: refresh it now and then while the app is open.
    refetchInterval: 60_000,
  });
}
