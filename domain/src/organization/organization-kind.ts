import type { Label } from "../dictionaries/dictionary";
import { DomainError } from "../errors";

/**
 * Kinds of League organization (团组织类型): committee 团委, working committee 团工委, general
 * branch 团总支, branch 团支部 (domain.md §1). Kind is separate from level: a county committee is
 * kind "committee", level "county".
 */
export const ORGANIZATION_KINDS = ["committee", "working_committee", "general_branch", "branch"] as const;

/** A kind of League organization (see {@link ORGANIZATION_KINDS}). */
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** Display labels of {@link ORGANIZATION_KINDS}. */
export const ORGANIZATION_KIND_LABELS: Readonly<Record<OrganizationKind, Label>> = {
  committee: { zh: "团委", en: "Committee" },
  working_committee: { zh: "团工委", en: "Working committee" },
  general_branch: { zh: "团总支", en: "General branch" },
  branch: { zh: "团支部", en: "Branch" },
};

/**
 * What may sit under what (domain.md §1): a committee or a working committee may hold committees,
 * working committees, general branches and branches; a general branch only branches; a branch nothing.
 */
export const ALLOWED_CHILD_KINDS: Readonly<Record<OrganizationKind, readonly OrganizationKind[]>> = {
  committee: ["committee", "working_committee", "general_branch", "branch"],
  working_committee: ["committee", "working_committee", "general_branch", "branch"],
  general_branch: ["branch"],
  branch: [],
};

/** Whether `value` is one of {@link ORGANIZATION_KINDS} (type guard, for text read from outside). */
export function isOrganizationKind(value: string): value is OrganizationKind {
  return (ORGANIZATION_KINDS as readonly string[]).includes(value);
}

/**
 * Whether an organization of kind `parentKind` may directly hold one of kind `childKind`
 * (table {@link ALLOWED_CHILD_KINDS}; domain.md §1 "what may sit under what").
 */
export function canHoldChild(parentKind: OrganizationKind, childKind: OrganizationKind): boolean {
  return ALLOWED_CHILD_KINDS[parentKind].includes(childKind);
}

/**
 * Refuse to place an organization of kind `childKind` directly under one of kind `parentKind`
 * (creating it there or moving it there), per {@link canHoldChild}.
 *
 * @throws DomainError code "kind_not_allowed", field "kind", status 422, when not allowed.
 */
export function assertChildKindAllowed(parentKind: OrganizationKind, childKind: OrganizationKind): void {
  if (canHoldChild(parentKind, childKind)) return;
  const parentLabel = ORGANIZATION_KIND_LABELS[parentKind].zh;
  const childLabel = ORGANIZATION_KIND_LABELS[childKind].zh;
  const message =
    parentKind === "branch"
      ? `组织类型：团支部下不能设立下级组织（不能在团支部下设立${childLabel}）`
      : `组织类型：${parentLabel}下不能设立${childLabel}`;
  throw new DomainError("kind_not_allowed", message, { field: "kind", status: 422 });
}

/**
 * Whether members may belong directly to an organization of this kind: only to a branch 团支部,
 * never directly to a committee (domain.md §1).
 */
export function canHoldMembers(kind: OrganizationKind): boolean {
  return kind === "branch";
}

/**
 * Refuse to place a member in an organization that is not a branch (see {@link canHoldMembers}).
 *
 * @throws DomainError code "members_only_in_branch", field "organizationId", status 422.
 */
export function assertCanHoldMembers(kind: OrganizationKind): void {
  if (canHoldMembers(kind)) return;
  throw new DomainError(
    "members_only_in_branch",
    `所在组织：团员只能编入团支部，不能直接编入${ORGANIZATION_KIND_LABELS[kind].zh}`,
    { field: "organizationId", status: 422 },
  );
}
