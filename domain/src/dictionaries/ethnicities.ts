import type { Dictionary, DictionaryCode } from "./dictionary";

/**
 * The 56 ethnic groups of China (民族), in the order and numbering of GB/T 3304-1991
 * 《中国各民族名称的罗马字母拼写法和代码》 (01 汉族 … 56 基诺族). Codes are the pinyin of the Chinese
 * name, lower case; `en` is the common English name. Column 民族 of the national registry
 * (domain.md §2). GB/T 3304 codes 97 其他 and 98 外国血统 are not members' ethnicities and are left out.
 */
export const ETHNICITIES = [
  { code: "han", zh: "汉族", en: "Han" },
  { code: "menggu", zh: "蒙古族", en: "Mongol" },
  { code: "hui", zh: "回族", en: "Hui" },
  { code: "zang", zh: "藏族", en: "Tibetan" },
  { code: "weiwuer", zh: "维吾尔族", en: "Uyghur" },
  { code: "miao", zh: "苗族", en: "Miao" },
  { code: "yi", zh: "彝族", en: "Yi" },
  { code: "zhuang", zh: "壮族", en: "Zhuang" },
  { code: "buyi", zh: "布依族", en: "Bouyei" },
  { code: "chaoxian", zh: "朝鲜族", en: "Korean" },
  { code: "man", zh: "满族", en: "Manchu" },
  { code: "dong", zh: "侗族", en: "Dong" },
  { code: "yao", zh: "瑶族", en: "Yao" },
  { code: "bai", zh: "白族", en: "Bai" },
  { code: "tujia", zh: "土家族", en: "Tujia" },
  { code: "hani", zh: "哈尼族", en: "Hani" },
  { code: "hasake", zh: "哈萨克族", en: "Kazakh" },
  { code: "dai", zh: "傣族", en: "Dai" },
  { code: "li", zh: "黎族", en: "Li" },
  { code: "lisu", zh: "傈僳族", en: "Lisu" },
  { code: "wa", zh: "佤族", en: "Va" },
  { code: "she", zh: "畲族", en: "She" },
  { code: "gaoshan", zh: "高山族", en: "Gaoshan" },
  { code: "lahu", zh: "拉祜族", en: "Lahu" },
  { code: "shui", zh: "水族", en: "Sui" },
  { code: "dongxiang", zh: "东乡族", en: "Dongxiang" },
  { code: "naxi", zh: "纳西族", en: "Naxi" },
  { code: "jingpo", zh: "景颇族", en: "Jingpo" },
  { code: "keerkezi", zh: "柯尔克孜族", en: "Kyrgyz" },
  { code: "tu", zh: "土族", en: "Tu" },
  { code: "dawoer", zh: "达斡尔族", en: "Daur" },
  { code: "mulao", zh: "仫佬族", en: "Mulam" },
  { code: "qiang", zh: "羌族", en: "Qiang" },
  { code: "bulang", zh: "布朗族", en: "Blang" },
  { code: "sala", zh: "撒拉族", en: "Salar" },
  { code: "maonan", zh: "毛南族", en: "Maonan" },
  { code: "gelao", zh: "仡佬族", en: "Gelao" },
  { code: "xibo", zh: "锡伯族", en: "Xibe" },
  { code: "achang", zh: "阿昌族", en: "Achang" },
  { code: "pumi", zh: "普米族", en: "Pumi" },
  { code: "tajike", zh: "塔吉克族", en: "Tajik" },
  { code: "nu", zh: "怒族", en: "Nu" },
  { code: "wuzibieke", zh: "乌孜别克族", en: "Uzbek" },
  { code: "eluosi", zh: "俄罗斯族", en: "Russian" },
  { code: "ewenke", zh: "鄂温克族", en: "Evenki" },
  { code: "deang", zh: "德昂族", en: "De'ang" },
  { code: "baoan", zh: "保安族", en: "Bonan" },
  { code: "yugu", zh: "裕固族", en: "Yugur" },
  { code: "jing", zh: "京族", en: "Gin" },
  { code: "tataer", zh: "塔塔尔族", en: "Tatar" },
  { code: "dulong", zh: "独龙族", en: "Derung" },
  { code: "elunchun", zh: "鄂伦春族", en: "Oroqen" },
  { code: "hezhe", zh: "赫哲族", en: "Hezhen" },
  { code: "menba", zh: "门巴族", en: "Monpa" },
  { code: "luoba", zh: "珞巴族", en: "Lhoba" },
  { code: "jinuo", zh: "基诺族", en: "Jino" },
] as const satisfies Dictionary;

/** Code of an ethnic group, e.g. "han", "zhuang" (see {@link ETHNICITIES}). */
export type EthnicityCode = DictionaryCode<typeof ETHNICITIES>;
