/**
 * UI strings of the screens reworked for issue 17 part 5 (role pages, the collapsible tree, the member
 * form's hints, the ledger's progress column, assigned tasks), Simplified Chinese; spread into
 * i18n/zh-CN.ts. The English ones (screen-messages-en.ts) must have every key.
 */
export const screenMessagesZhCN = {
  "notAllowed.title": "无权使用",
  "notAllowed.subTitle": "您的角色无权使用此功能",
  "notAllowed.back": "返回首页",
  "tree.collapse": "收起组织树",
  "tree.open": "选择组织",
  "tree.expand": "展开组织树",
  "members.chooseBranch": "所在团支部",
  "members.chooseBranchHint": "请选择团员所在的团支部",
  "members.citizenIdFilled": "已根据身份证号填写出生日期和性别",
  "ledger.progress": "进度",
  "import.noRows": "文件中没有数据行，未导入任何内容",
  "comparison.notEnough": "下级县级团委不足两个，无法对比",
  "assigned.title": "上级台账中本单位负责的任务",
  "assigned.empty": "上级台账中没有本单位负责的任务",
  "assigned.plan": "所属方案",
  "screen.back": "返回",
} as const satisfies Record<string, string>;

export type ScreenMessageKey = keyof typeof screenMessagesZhCN;
