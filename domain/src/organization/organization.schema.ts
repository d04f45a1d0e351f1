import { z } from "zod";
import { compareIsoDates } from "../dates/iso-date";
import { DomainError } from "../errors";
import { enumSchema, idSchema, isoDateSchema, patternSchema, textSchema } from "../field-schemas";
import { DIVISION_CODE_PATTERN } from "./division-code";
import { ORGANIZATION_KINDS } from "./organization-kind";
import { ORGANIZATION_LEVELS } from "./organization-level";
import { SECTORS } from "./sector";

/** Longest organization name, in characters (UTF-16 code units). */
export const ORGANIZATION_NAME_MAX_LENGTH = 100;
/** Longest organization short name (简称), in characters (UTF-16 code units). */
export const ORGANIZATION_SHORT_NAME_MAX_LENGTH = 50;
/** An organization code (组织代码): 1–32 ASCII letters, digits or hyphens. */
export const ORGANIZATION_CODE_PATTERN = /^[0-9A-Za-z-]{1,32}$/;

/** Chinese names of the organization fields, used in error messages. */
export const ORGANIZATION_FIELD_LABELS = {
  parentId: "上级组织",
  newParentId: "新上级组织",
  kind: "组织类型",
  level: "组织级别",
  sector: "所属领域",
  name: "组织名称",
  shortName: "组织简称",
  code: "组织代码",
  divisionCode: "行政区划代码",
  foundedOn: "成立日期",
  termStart: "本届任期开始日期",
  termEnd: "本届任期结束日期",
} as const;

const labels = ORGANIZATION_FIELD_LABELS;

const nameSchema = textSchema(labels.name, ORGANIZATION_NAME_MAX_LENGTH);
const shortNameSchema = textSchema(labels.shortName, ORGANIZATION_SHORT_NAME_MAX_LENGTH);
const codeSchema = patternSchema(
  labels.code,
  ORGANIZATION_CODE_PATTERN,
  "只能由字母、数字和连字符组成，1至32位",
);
const divisionCodeSchema = patternSchema(
  labels.divisionCode,
  DIVISION_CODE_PATTERN,
  "应为2、4、6、9或12位数字",
);
const termEndMessage = `${labels.termEnd}：不能早于${labels.termStart}`;

/** Whether a term's dates are in order: true when either is missing, or termEnd ≥ termStart. */
export function isTermInOrder(
  termStart: string | null | undefined,
  termEnd: string | null | undefined,
): boolean {
  if (!termStart || !termEnd) return true;
  return compareIsoDates(termEnd, termStart) >= 0;
}

/**
 * Refuse a term (届) that ends before it starts; for the server, which checks a patch merged with
 * the stored dates (the patch schema can only compare the dates it carries). Missing dates pass.
 *
 * @throws DomainError code "term_end_before_start", field "termEnd", status 422.
 */
export function assertTermInOrder(
  termStart: string | null | undefined,
  termEnd: string | null | undefined,
): void {
  if (isTermInOrder(termStart, termEnd)) return;
  throw new DomainError("term_end_before_start", termEndMessage, { field: "termEnd", status: 422 });
}

function checkTermOrder(
  value: { termStart?: string | null; termEnd?: string | null },
  ctx: z.RefinementCtx,
): void {
  if (!isTermInOrder(value.termStart, value.termEnd)) {
    ctx.addIssue({ code: "custom", message: termEndMessage, path: ["termEnd"], input: value.termEnd });
  }
}

/**
 * Input to create an organization (POST /organizations): parent, kind, level, sector, name, and
 * optionally short name, code, division code (2/4/6/9/12 digits), founding date and term dates
 * ("YYYY-MM-DD", termEnd ≥ termStart). Text is trimmed. Messages are in Chinese and name the field.
 * Whether the kind may sit under the parent is checked by the service with
 * {@link assertChildKindAllowed}, since it needs the parent.
 */
export const createOrganizationInputSchema = z
  .object({
    parentId: idSchema(labels.parentId),
    kind: enumSchema(labels.kind, ORGANIZATION_KINDS),
    level: enumSchema(labels.level, ORGANIZATION_LEVELS),
    sector: enumSchema(labels.sector, SECTORS),
    name: nameSchema,
    shortName: shortNameSchema.optional(),
    code: codeSchema.optional(),
    divisionCode: divisionCodeSchema.optional(),
    foundedOn: isoDateSchema(labels.foundedOn).optional(),
    termStart: isoDateSchema(labels.termStart).optional(),
    termEnd: isoDateSchema(labels.termEnd).optional(),
  })
  .superRefine(checkTermOrder);

/** Parsed input of {@link createOrganizationInputSchema}. */
export type CreateOrganizationInput = z.output<typeof createOrganizationInputSchema>;

/**
 * Input to change an organization (PATCH /organizations/{id}): any of name, short name, sector,
 * level, code, founding date, term dates; absent fields stay as they are. The optional fields
 * short name, code, founding date and term dates may be `null` to clear them. Kind, parent
 * (see {@link moveOrganizationInputSchema}) and division code are not changed here. termEnd ≥
 * termStart is checked when both are in the patch; the service checks the merged record with
 * {@link assertTermInOrder}.
 */
export const updateOrganizationInputSchema = z
  .object({
    name: nameSchema.optional(),
    shortName: shortNameSchema.nullable().optional(),
    sector: enumSchema(labels.sector, SECTORS).optional(),
    level: enumSchema(labels.level, ORGANIZATION_LEVELS).optional(),
    code: codeSchema.nullable().optional(),
    foundedOn: isoDateSchema(labels.foundedOn).nullable().optional(),
    termStart: isoDateSchema(labels.termStart).nullable().optional(),
    termEnd: isoDateSchema(labels.termEnd).nullable().optional(),
  })
  .superRefine(checkTermOrder);

/** Parsed input of {@link updateOrganizationInputSchema}. */
export type UpdateOrganizationInput = z.output<typeof updateOrganizationInputSchema>;

/**
 * Input to move an organization with its subtree under a new parent (POST /organizations/{id}/move).
 * The service checks the kinds ({@link assertChildKindAllowed}) and cycles ({@link assertMoveTargetAllowed}).
 */
export const moveOrganizationInputSchema = z.object({
  newParentId: idSchema(labels.newParentId),
});

/** Parsed input of {@link moveOrganizationInputSchema}. */
export type MoveOrganizationInput = z.output<typeof moveOrganizationInputSchema>;
