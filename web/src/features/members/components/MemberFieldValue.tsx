import type { MemberRecordField } from "@tuanwu/domain";
import { Link } from "react-router";
import type { MemberDetail } from "../../../api/types";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { organizationPath } from "../../../routes/organization-routes";
import { fieldSpec } from "./member-sections";

/** One record field as text: dictionary labels, 是/否, months as YYYY-MM, the branch as a link. */
export function MemberFieldValue({ member, field }: { member: MemberDetail; field: MemberRecordField }) {
  const t = useT();
  const labels = useLabels();
  const spec = fieldSpec(field);
  const value = member[field];
  if (spec.kind === "organization") {
    return <Link to={organizationPath(member.organization.id)}>{member.organization.name}</Link>;
  }
  if (value === null || value === undefined || value === "") return <>—</>;
  if (spec.kind === "boolean") return <>{value ? t("common.yes") : t("common.no")}</>;
  if (spec.kind === "dictionary" && spec.dictionary)
    return <>{labels.dictionary(spec.dictionary, String(value))}</>;
  if (spec.kind === "month") return <>{String(value).slice(0, 7)}</>;
  if (field === "citizenId" || field === "phone")
    return <span style={{ fontFamily: "monospace" }}>{String(value)}</span>;
  return <>{String(value)}</>;
}
