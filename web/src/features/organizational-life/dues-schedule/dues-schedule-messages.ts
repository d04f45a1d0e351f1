/**
 * UI strings of the dues schedule editor (团费标准, issue 12 part 4; domain.md §5) and of the
 * middle-school League school report (中学团校 ≥ 6 sessions a year). zh-CN first (spread into
 * i18n/zh-CN.ts); English below with every key.
 */
export const duesScheduleMessagesZhCN = {
  "duesSchedule.title": "团费标准",
  "duesSchedule.own": "本组织制定",
  "duesSchedule.inherited": "沿用上级组织的标准",
  "duesSchedule.default": "默认标准（学生、无业 0.2 元/月；有工资收入按收入档次）",
  "duesSchedule.category": "类别",
  "duesSchedule.incomeMin": "月收入下限（元）",
  "duesSchedule.incomeMax": "月收入上限（元，空为不设上限）",
  "duesSchedule.monthly": "每月（元）",
  "duesSchedule.effectiveFrom": "生效日期",
  "duesSchedule.edit": "编辑标准",
  "duesSchedule.addRow": "增加一行",
  "duesSchedule.removeRow": "删除",
  "duesSchedule.save": "保存标准",
  "duesSchedule.cancel": "取消",
  "duesSchedule.saved": "团费标准已保存",
  "duesSchedule.inherit": "删除本组织标准，沿用上级",
  "leagueSchool.title": "中学团校",
  "leagueSchool.year": "年度",
  "leagueSchool.summary": "{schools} 所中学，{under} 所全年团校授课不足 {required} 次（统计至 {through}）",
  "leagueSchool.school": "学校",
  "leagueSchool.parent": "上级组织",
  "leagueSchool.sessions": "授课次数",
  "leagueSchool.lastHeldOn": "最近一次",
  "leagueSchool.met": "已达标",
  "leagueSchool.short": "差 {shortfall} 次",
  "leagueSchool.none": "本组织下没有中学团组织",
} as const;

export const duesScheduleMessagesEn: Record<keyof typeof duesScheduleMessagesZhCN, string> = {
  "duesSchedule.title": "Dues schedule",
  "duesSchedule.own": "Set by this organization",
  "duesSchedule.inherited": "Inherited from an organization above",
  "duesSchedule.default":
    "Default (students and the unemployed 0.2 yuan a month; wage earners by income band)",
  "duesSchedule.category": "Category",
  "duesSchedule.incomeMin": "Monthly income from (yuan)",
  "duesSchedule.incomeMax": "Monthly income to (yuan, empty: no limit)",
  "duesSchedule.monthly": "Monthly (yuan)",
  "duesSchedule.effectiveFrom": "Effective from",
  "duesSchedule.edit": "Edit the schedule",
  "duesSchedule.addRow": "Add a row",
  "duesSchedule.removeRow": "Remove",
  "duesSchedule.save": "Save the schedule",
  "duesSchedule.cancel": "Cancel",
  "duesSchedule.saved": "Dues schedule saved",
  "duesSchedule.inherit": "Remove this organization's schedule (inherit)",
  "leagueSchool.title": "Middle-school League schools",
  "leagueSchool.year": "Year",
  "leagueSchool.summary":
    "{schools} middle schools, {under} with fewer than {required} sessions this year (through {through})",
  "leagueSchool.school": "School",
  "leagueSchool.parent": "Parent",
  "leagueSchool.sessions": "Sessions",
  "leagueSchool.lastHeldOn": "Last session",
  "leagueSchool.met": "Met",
  "leagueSchool.short": "{shortfall} short",
  "leagueSchool.none": "No middle school in this organization",
};
