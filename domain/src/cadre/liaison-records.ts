import { z } from "zod";
import { DomainError } from "../errors";
import { enumSchema, idSchema, isoDateSchema, textSchema } from "../field-schemas";
import { CONTACT_LOG_KINDS } from "./liaison-duties";

/**
 * Deputies 团代表, liaison stations 团代表联络站, the "两联" assignments and contact logs (domain.md §6;
 * issue 13 part 5): the inputs and their rules. Dates are China dates (Asia/Shanghai): whoever checks
 * "not in the future" passes today's China date in.
 */

/** Bodies a deputy sits in (deputy.body). */
export const DEPUTY_BODIES = ["congress_deputy", "committee_member", "standing_member"] as const;

/** Display labels of {@link DEPUTY_BODIES}. */
export const DEPUTY_BODY_LABELS: Readonly<Record<(typeof DEPUTY_BODIES)[number], string>> = {
  congress_deputy: "团代表",
  committee_member: "团委委员",
  standing_member: "团委常委",
};

/**
 * Kinds of "两联" assignment (liaison_assignment.kind): a committee member contacts deputies, a
 * deputy contacts members and youth (of an organization), a higher-level cadre is linked to a branch.
 */
export const LIAISON_ASSIGNMENT_KINDS = [
  "committee_to_deputy",
  "deputy_to_youth",
  "cadre_to_branch",
] as const;

/** An assignment kind (see {@link LIAISON_ASSIGNMENT_KINDS}). */
export type LiaisonAssignmentKind = (typeof LIAISON_ASSIGNMENT_KINDS)[number];

/** Display labels of {@link LIAISON_ASSIGNMENT_KINDS}. */
export const LIAISON_ASSIGNMENT_KIND_LABELS: Readonly<Record<LiaisonAssignmentKind, string>> = {
  committee_to_deputy: "委员联系代表",
  deputy_to_youth: "代表联系团员青年",
  cadre_to_branch: "团干部联系基层团支部",
};

/** Which ends each assignment kind needs (the others must be absent). */
export const ASSIGNMENT_ENDS: Readonly<
  Record<
    LiaisonAssignmentKind,
    { from: "fromCadreId" | "fromDeputyId"; target: "targetDeputyId" | "targetOrganizationId" }
  >
> = {
  committee_to_deputy: { from: "fromCadreId", target: "targetDeputyId" },
  deputy_to_youth: { from: "fromDeputyId", target: "targetOrganizationId" },
  cadre_to_branch: { from: "fromCadreId", target: "targetOrganizationId" },
};

/** Largest youth count one contact log may carry (a lecture to a whole school). */
export const MAX_YOUTH_PER_CONTACT = 5000;

/** POST a deputy 团代表 / 委员. */
export const deputyInputSchema = z.object({
  name: textSchema("姓名", 50),
  memberId: idSchema("团员").nullable().optional(),
  body: enumSchema("身份", DEPUTY_BODIES),
  grassroots: z.boolean({ error: "是否基层代表：应为是或否" }),
  frontLine: z.boolean({ error: "是否一线代表：应为是或否" }),
  termId: idSchema("届次").nullable().optional(),
});

/** POST a liaison station 团代表联络站. */
export const liaisonStationInputSchema = z.object({
  name: textSchema("联络站名称", 100),
  address: textSchema("地址", 200).nullable().optional(),
});

/** POST a "两联" assignment: the ends its kind needs ({@link ASSIGNMENT_ENDS}). */
export const liaisonAssignmentInputSchema = z
  .object({
    kind: enumSchema("联系类型", LIAISON_ASSIGNMENT_KINDS),
    fromCadreId: idSchema("联系人（团干部）").nullable().optional(),
    fromDeputyId: idSchema("联系人（团代表）").nullable().optional(),
    targetDeputyId: idSchema("联系对象（团代表）").nullable().optional(),
    targetOrganizationId: idSchema("联系对象（组织）").nullable().optional(),
  })
  .superRefine((input, context) => {
    const ends = ASSIGNMENT_ENDS[input.kind];
    const labels: Record<string, string> = {
      fromCadreId: "联系人（团干部）",
      fromDeputyId: "联系人（团代表）",
      targetDeputyId: "联系对象（团代表）",
      targetOrganizationId: "联系对象（组织）",
    };
    for (const field of ["fromCadreId", "fromDeputyId", "targetDeputyId", "targetOrganizationId"] as const) {
      const needed = field === ends.from || field === ends.target;
      const given = input[field] !== undefined && input[field] !== null;
      if (needed && !given)
        context.addIssue({ code: "custom", path: [field], message: `${labels[field]}：必填` });
      if (!needed && given) {
        context.addIssue({
          code: "custom",
          path: [field],
          message: `${labels[field]}：${LIAISON_ASSIGNMENT_KIND_LABELS[input.kind]}不填此项`,
        });
      }
    }
  });

/** POST a contact log (from a phone in under a minute: kind, date, youth met, optional branch and note). */
export const contactLogInputSchema = z.object({
  kind: enumSchema("联系类型", CONTACT_LOG_KINDS),
  occurredOn: isoDateSchema("日期"),
  youthCount: z
    .number({ error: "联系青年人数：应为数字" })
    .int({ error: "联系青年人数：应为整数" })
    .min(0, { error: "联系青年人数：不能为负数" })
    .max(MAX_YOUTH_PER_CONTACT, { error: `联系青年人数：不能超过${MAX_YOUTH_PER_CONTACT}` })
    .default(0),
  linkedOrganizationId: idSchema("联系的组织").nullable().optional(),
  note: textSchema("备注", 500).nullable().optional(),
});

/** A contact log as posted (see {@link contactLogInputSchema}). */
export type ContactLogInput = z.infer<typeof contactLogInputSchema>;

/** Earliest date a contact log may carry (the data begin with the reform, no earlier). */
export const EARLIEST_CONTACT_DATE = "2000-01-01";

/**
 * A contact's date must not lie in the future (`today` is China's date, Asia/Shanghai) nor before
 * {@link EARLIEST_CONTACT_DATE}.
 * @throws DomainError 400 contact_date_in_future / contact_date_too_early naming the field occurredOn.
 */
export function checkContactDate(occurredOn: string, today: string): void {
  if (occurredOn > today) {
    throw new DomainError("contact_date_in_future", `日期：不能晚于今天（${today}，北京时间）`, {
      status: 400,
      field: "occurredOn",
    });
  }
  if (occurredOn < EARLIEST_CONTACT_DATE) {
    throw new DomainError("contact_date_too_early", `日期：不能早于${EARLIEST_CONTACT_DATE}`, {
      status: 400,
      field: "occurredOn",
    });
  }
}
