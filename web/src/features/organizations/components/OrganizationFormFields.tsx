import { ORGANIZATION_LEVELS, SECTORS } from "@tuanwu/domain";
import { Col, Form, Input, Row, Select } from "antd";
import type { OrganizationKind, OrganizationLevel, Sector } from "../../../api/types";
import { DateStringPicker } from "../../../components/DateStringPicker";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";

export interface OrganizationFormValues {
  kind?: OrganizationKind;
  level: OrganizationLevel;
  sector?: Sector;
  name: string;
  shortName?: string | null;
  code?: string | null;
  divisionCode?: string | null;
  foundedOn?: string | null;
  termStart?: string | null;
  termEnd?: string | null;
}

export const ORGANIZATION_FORM_FIELDS = [
  "kind",
  "level",
  "sector",
  "name",
  "shortName",
  "code",
  "divisionCode",
  "foundedOn",
  "termStart",
  "termEnd",
] as const satisfies readonly (keyof OrganizationFormValues)[];

/** GB/T 2260 (2, 4, 6 digits) and the statistical division codes (9, 12 digits). */
const DIVISION_CODE_PATTERN = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/;

interface OrganizationFormFieldsProps {
  /** Kinds that may be created here; omit when editing (the kind is fixed). */
  kinds?: readonly OrganizationKind[];
  /** The division code is set at creation only. */
  showDivisionCode?: boolean;
  /** A new organization needs a sector; an existing one (e.g. a county committee) may have none. */
  sectorRequired?: boolean;
}

/** The fields of an organization, shared by the create and edit forms. */
export function OrganizationFormFields({
  kinds,
  showDivisionCode = false,
  sectorRequired = false,
}: OrganizationFormFieldsProps) {
  const t = useT();
  const labels = useLabels();
  const required = [{ required: true, message: t("common.required") }];

  return (
    <Row gutter={16}>
      <Col span={24}>
        <Form.Item name="name" label={t("org.name")} rules={[...required, { max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
      </Col>
      {kinds && (
        <Col span={12}>
          <Form.Item name="kind" label={t("org.kind")} rules={required}>
            <Select options={kinds.map((kind) => ({ value: kind, label: labels.kind(kind) }))} />
          </Form.Item>
        </Col>
      )}
      <Col span={12}>
        <Form.Item name="level" label={t("org.level")} rules={required}>
          <Select
            options={ORGANIZATION_LEVELS.map((level) => ({ value: level, label: labels.level(level) }))}
          />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="sector" label={t("org.sector")} rules={sectorRequired ? required : []}>
          <Select options={SECTORS.map((sector) => ({ value: sector, label: labels.sector(sector) }))} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="shortName" label={t("org.shortName")}>
          <Input maxLength={50} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="code" label={t("org.code")}>
          <Input maxLength={50} />
        </Form.Item>
      </Col>
      {showDivisionCode && (
        <Col span={12}>
          <Form.Item
            name="divisionCode"
            label={t("org.divisionCode")}
            rules={[{ pattern: DIVISION_CODE_PATTERN }]}
          >
            <Input maxLength={12} inputMode="numeric" />
          </Form.Item>
        </Col>
      )}
      <Col span={12}>
        <Form.Item name="foundedOn" label={t("org.foundedOn")}>
          <DateStringPicker />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="termStart" label={t("org.termStart")}>
          <DateStringPicker />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="termEnd" label={t("org.termEnd")}>
          <DateStringPicker />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** "" and undefined become null: an optional field left empty. */
export function emptyToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === "" ? null : value.trim();
}
