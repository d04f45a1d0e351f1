import { useQuery } from "@tanstack/react-query";
import { type TodoFilters, todoCountsQuery, todosQuery } from "../api/todo-queries";

export function useTodos(filters: TodoFilters) {
  return useQuery(todosQuery(filters));
}

/** The inbox counts per kind (待办); `enabled` false for a user with nothing to act on. */
export function useTodoCounts(enabled = true) {
  return useQuery({ ...todoCountsQuery(), enabled });
}
