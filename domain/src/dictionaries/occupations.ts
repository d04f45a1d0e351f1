import type { Dictionary, DictionaryCode } from "./dictionary";

/**
 * Occupations (职业), the national registry's list (domain.md §2): employees by kind of employer,
 * farmers, students, freelancers, teaching and other staff (教职工) of public (公办) and private
 * (民办) universities, middle schools and secondary vocational schools, and 其他 for the rest
 * (including the unemployed).
 */
export const OCCUPATIONS = [
  { code: "state_enterprise_employee", zh: "国有企业职工", en: "State-owned enterprise employee" },
  { code: "non_public_enterprise_employee", zh: "非公企业职工", en: "Non-public enterprise employee" },
  {
    code: "public_sector_employee",
    zh: "机关事业单位职工",
    en: "Government agency or public institution employee",
  },
  { code: "social_organization_employee", zh: "社会组织员工", en: "Social organization employee" },
  { code: "farmer", zh: "农民", en: "Farmer" },
  { code: "student", zh: "学生", en: "Student" },
  { code: "freelancer", zh: "自由职业者", en: "Freelancer" },
  { code: "public_university_staff", zh: "公办高校教职工", en: "Public university staff" },
  { code: "private_university_staff", zh: "民办高校教职工", en: "Private university staff" },
  { code: "public_middle_school_staff", zh: "公办中学教职工", en: "Public middle school staff" },
  { code: "private_middle_school_staff", zh: "民办中学教职工", en: "Private middle school staff" },
  { code: "public_vocational_school_staff", zh: "公办中职教职工", en: "Public vocational school staff" },
  { code: "private_vocational_school_staff", zh: "民办中职教职工", en: "Private vocational school staff" },
  { code: "other", zh: "其他", en: "Other" },
] as const satisfies Dictionary;

/** Code of an occupation, e.g. "student", "farmer" (see {@link OCCUPATIONS}). */
export type OccupationCode = DictionaryCode<typeof OCCUPATIONS>;
