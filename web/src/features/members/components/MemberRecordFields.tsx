import { LockOutlined } from "@ant-design/icons";
import { isMemberCadreViewField, type MemberRecordField, validateCitizenId } from "@tuanwu/domain";
import { Col, Divider, Form, Row, Tooltip } from "antd";
import { todayIso } from "../../../components/DateStringPicker";
import { localizeDomainMessage } from "../../../i18n/domain-messages";
import { useLabels } from "../../../i18n/labels";
import { useLocale, useT } from "../../../i18n/use-t";
import { MemberFieldInput } from "./MemberFieldInput";
import { checkMemberRecord, type MemberFormValues, type RecordCheckOptions } from "./member-form-values";
import { fieldSpec, MEMBER_SECTIONS } from "./member-sections";

/** Fields whose check reads other fields: re-checked when those change. */
const DEPENDENCIES: Partial<Record<MemberRecordField, MemberRecordField[]>> = {
  citizenId: ["idDocumentType"],
  birthDate: ["citizenId", "idDocumentType"],
  sex: ["citizenId", "idDocumentType"],
  joinedOn: ["birthDate"],
  partyJoinedOn: ["politicalStatus", "birthDate", "joinedOn"],
  volunteerRegisteredOn: ["birthDate"],
};

interface MemberRecordFieldsProps {
  /** Fields not shown (e.g. the branch, which the URL gives). */
  hidden?: readonly MemberRecordField[];
  /** Fields shown but not editable, marked 🔒 (locked after verification). */
  locked?: readonly MemberRecordField[];
  check?: RecordCheckOptions;
}

/**
 * The record's fields in sections, each checked as it changes by the domain's record schema
 * (`buildMemberRecordSchema`), the same one the server applies; the message shows on the field.
 * Marked required (*) are exactly the fields 信息完整率 counts (domain REQUIRED_MEMBER_FIELDS, the
 * spec's `required`). A valid resident citizen ID fills in the birth date and sex it carries
 * (GB 11643, domain validateCitizenId).
 */
export function MemberRecordFields({ hidden = [], locked = [], check }: MemberRecordFieldsProps) {
  const t = useT();
  const labels = useLabels();
  const form = Form.useFormInstance<MemberFormValues>();
  const { locale } = useLocale();

  const fillFromCitizenId = (values: MemberFormValues) => {
    if (values.idDocumentType !== "resident_id_card" || typeof values.citizenId !== "string") return;
    if (locked.includes("birthDate") || locked.includes("sex")) return;
    const found = validateCitizenId(values.citizenId, { today: todayIso() });
    if (!found.ok) return;
    if (values.birthDate === found.birthDate && values.sex === found.sex) return;
    form.setFieldsValue({ birthDate: found.birthDate, sex: found.sex });
    void form.validateFields(["birthDate", "sex"]);
  };

  const validatorOf = (field: MemberRecordField) => async () => {
    const problem = checkMemberRecord(form.getFieldsValue(true), check).get(field);
    if (problem) throw new Error(localizeDomainMessage(problem, locale));
  };

  return (
    <>
      {MEMBER_SECTIONS.map((section) => {
        // The cadre fields are views of the cadre records (issue 13 part 1): never in the form.
        const fields = section.fields.filter(
          (field) => !hidden.includes(field) && !isMemberCadreViewField(field),
        );
        if (fields.length === 0) return null;
        return (
          <div key={section.key}>
            <Divider titlePlacement="start">{t(section.title)}</Divider>
            <Row gutter={16}>
              {fields.map((field) => {
                const isLocked = locked.includes(field);
                const label = isLocked ? (
                  <Tooltip title={t("member.lockedHint")}>
                    <span>
                      {labels.field(field)} <LockOutlined />
                    </span>
                  </Tooltip>
                ) : (
                  labels.field(field)
                );
                return (
                  <Col key={field} xs={24} md={12} xl={8}>
                    <Form.Item<MemberFormValues>
                      name={field}
                      label={label}
                      required={fieldSpec(field).required}
                      dependencies={DEPENDENCIES[field]}
                      rules={isLocked ? [] : [{ validator: validatorOf(field) }]}
                    >
                      <MemberFieldInput
                        field={field}
                        disabled={isLocked}
                        onValueChange={
                          field === "citizenId" || field === "idDocumentType"
                            ? () => fillFromCitizenId(form.getFieldsValue(true))
                            : undefined
                        }
                      />
                    </Form.Item>
                  </Col>
                );
              })}
            </Row>
          </div>
        );
      })}
    </>
  );
}
