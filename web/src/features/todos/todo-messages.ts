/** UI strings of the to-do inbox (待办); zh-CN first, English with every key. */
export const todoMessagesZhCN = {
  "nav.todos": "待办",
  "todos.title": "待办事项",
  "todos.allKinds": "全部类型",
  "todos.anyOrganization": "全部组织",
  "todos.clearFilters": "清除筛选",
  "todos.empty": "没有待办事项",
  "todos.item": "事项",
  "todos.kind": "类型",
  "todos.state": "当前环节",
  "todos.organization": "所在组织",
  "todos.openedAt": "等待自",
} as const satisfies Record<string, string>;

export type TodoMessageKey = keyof typeof todoMessagesZhCN;

export const todoMessagesEn: Record<TodoMessageKey, string> = {
  "nav.todos": "To-do",
  "todos.title": "To-do",
  "todos.allKinds": "All kinds",
  "todos.anyOrganization": "All organizations",
  "todos.clearFilters": "Clear filters",
  "todos.empty": "Nothing to do",
  "todos.item": "Item",
  "todos.kind": "Kind",
  "todos.state": "Step",
  "todos.organization": "Organization",
  "todos.openedAt": "Waiting since",
};
