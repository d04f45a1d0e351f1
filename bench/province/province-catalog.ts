import type { Sector } from "@tuanwu/domain";

/**
 * Name lists and sizes of the organizations the province generator adds on top of the demo county's
 * (server/src/modules/seed/demo-generator.ts, demoOrganizationSpecs): more county agencies and
 * senior high schools, a junior high school, agency and health-centre branches and enterprises per
 * township, and colleges per city. Pure data, no I/O.
 */

/** County agencies and public institutions beyond the 12 of the demo county (a real county has about 40). */
export const EXTRA_AGENCY_UNITS: readonly [string, Sector][] = [
  ["发展和改革委员会", "agency"],
  ["自然资源局", "agency"],
  ["住房和城乡建设局", "agency"],
  ["交通运输局", "agency"],
  ["水利局", "agency"],
  ["商务局", "agency"],
  ["文化广电和旅游局", "agency"],
  ["退役军人事务局", "agency"],
  ["应急管理局", "agency"],
  ["市场监督管理局", "agency"],
  ["统计局", "agency"],
  ["医疗保障局", "agency"],
  ["人力资源和社会保障局", "agency"],
  ["民政局", "agency"],
  ["司法局", "agency"],
  ["审计局", "agency"],
  ["税务局", "agency"],
  ["融媒体中心", "public_institution"],
  ["妇幼保健院", "public_institution"],
  ["第二人民医院", "public_institution"],
];

/** Ordinal prefixes of extra senior high schools: 第二高级中学 … */
export const SCHOOL_ORDINALS = ["二", "三", "四", "五", "六", "七", "八", "九"] as const;

/** Brand words and industries combined into non-public enterprise names (绿源 + 食品有限公司). */
export const ENTERPRISE_BRANDS = [
  ..."绿源 青山 华兴 鑫源 博远 顺达 惠民 青创 安康 宏达 金穗 锦程 豫丰 中原 黄河 嵩岳 伏牛 天瑞 恒通 瑞祥".split(
    " ",
  ),
  ..."远航 众诚 德润 佳禾 丰泽 嘉和 兴业 盛世 永泰 隆昌 新港 银河 东方 丰源 鼎盛 华茂 汇通 万家 和美 康达".split(
    " ",
  ),
] as const;
export const ENTERPRISE_INDUSTRIES = [
  ..."食品 农业科技 建材 机械制造 电子科技 物流 商贸 电子商务 医药 汽车服务 粮油 旅游开发 纺织 服饰 家具".split(
    " ",
  ),
  ..."新能源 包装 印刷 建筑工程 餐饮管理 物业服务 环保科技 信息技术 养殖 种植专业合作社".split(" "),
] as const;

/** Social organizations of a township (青年之家, 志愿服务队 …). */
export const TOWNSHIP_SOCIAL_ORGANIZATIONS = [
  "青年志愿者服务队",
  "青年创业协会",
  "社会工作服务站",
  "青年之家",
] as const;

/** Kinds of college and their name suffix; a city's colleges take them in order. */
export const COLLEGE_SUFFIXES = [
  "职业技术学院",
  "师范学院",
  "理工学院",
  "科技职业学院",
  "工程学院",
  "医学高等专科学校",
  "财经学院",
  "信息工程职业学院",
  "农业职业学院",
  "幼儿师范高等专科学校",
  "工业职业技术学院",
  "交通职业学院",
  "艺术职业学院",
  "商学院",
  "建筑职业技术学院",
] as const;

/** Departments (院系) of a college; a college takes the first 6–14. */
export const COLLEGE_DEPARTMENTS = [
  ..."文学院 外国语学院 数学与统计学院 物理与电子工程学院 化学化工学院 计算机学院 机械工程学院 电气工程学院".split(
    " ",
  ),
  ..."土木建筑学院 经济管理学院 法学院 教育科学学院 音乐学院 美术学院 体育学院 医学院 护理学院 农学院".split(
    " ",
  ),
] as const;

/**
 * Colleges per city at scale 1 (Henan's ~170 institutions of higher education, most in 郑州).
 * Cities not listed get 2.
 */
export const COLLEGES_PER_CITY: Readonly<Record<string, number>> = {
  "4101": 40,
  "4102": 6,
  "4103": 8,
  "4107": 7,
  "4108": 4,
  "4113": 5,
  "4115": 4,
  "4190": 1,
};

/**
 * Mean members per branch by sector, the midpoints of the size ranges demo-generator.ts draws
 * branch weights from (branchWeightRange); used only to split the province's members over the
 * member-generation units (a county, or a city's colleges).
 */
export function meanBranchSize(sector: string, schoolLevel: string | undefined): number {
  switch (sector) {
    case "secondary_school":
      return schoolLevel === "junior" ? 22.5 : 37.5;
    case "vocational_school":
      return 27.5;
    case "university":
      return 40;
    case "rural":
    case "community":
      return 50;
    case "agency":
    case "public_institution":
      return 13;
    case "social_organization":
      return 10;
    default:
      return 17.5;
  }
}
