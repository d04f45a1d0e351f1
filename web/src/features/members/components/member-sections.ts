import { MEMBER_RECORD_FIELDS, type MemberRecordField, type MemberRecordFieldSpec } from "@tuanwu/domain";
import type { MessageKey } from "../../../i18n/zh-CN";

/** The record's fields grouped for the detail view and the forms; every field appears once. */
export const MEMBER_SECTIONS: readonly {
  key: string;
  title: MessageKey;
  fields: readonly MemberRecordField[];
}[] = [
  {
    key: "identity",
    title: "member.section.identity",
    fields: [
      "name",
      "sex",
      "birthDate",
      "ethnicity",
      "idDocumentType",
      "citizenId",
      "realNameVerified",
      "householdRegistration",
    ],
  },
  {
    key: "league",
    title: "member.section.league",
    fields: ["memberNumber", "joinedOn", "organizationId", "joinedAtUnit", "volunteerRegisteredOn"],
  },
  {
    key: "political",
    title: "member.section.political",
    fields: ["politicalStatus", "partyJoinedOn", "education", "fullTimeEducation"],
  },
  {
    key: "cadre",
    title: "member.section.cadre",
    fields: ["isCadre", "leaguePosition", "positionSince", "cadreKind", "isPartyCommitteeMember"],
  },
  {
    key: "work",
    title: "member.section.work",
    fields: ["occupation", "workplace", "income", "phone", "email", "qq", "wechat"],
  },
];

const SPECS = new Map(MEMBER_RECORD_FIELDS.map((spec) => [spec.field, spec]));

/** The domain's description of a record field (kind, dictionary, required). */
export function fieldSpec(field: MemberRecordField): MemberRecordFieldSpec {
  const spec = SPECS.get(field);
  if (!spec) throw new RangeError(`unknown member field ${field}`);
  return spec;
}
