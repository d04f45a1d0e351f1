import { DICTIONARIES, type MemberRecordField } from "@tuanwu/domain";
import { Input, Select } from "antd";
import { DateStringPicker } from "../../../components/DateStringPicker";
import { useLabels } from "../../../i18n/labels";
import { useLocale, useT } from "../../../i18n/use-t";
import type { MemberFieldValue } from "./member-form-values";
import { fieldSpec } from "./member-sections";

interface MemberFieldInputProps {
  field: MemberRecordField;
  id?: string;
  value?: MemberFieldValue;
  onChange?: (value: MemberFieldValue) => void;
  disabled?: boolean;
  /** Called after the form has taken a new value (e.g. to fill other fields from a citizen ID). */
  onValueChange?: () => void;
}

const MONOSPACE_FIELDS: readonly MemberRecordField[] = ["citizenId", "phone", "memberNumber"];

/** The input of one record field, by its kind in the domain: text, date, month, yes/no or a dictionary. */
export function MemberFieldInput(props: MemberFieldInputProps) {
  const { field, id, value, disabled, onValueChange } = props;
  const onChange = (next: MemberFieldValue) => {
    props.onChange?.(next);
    onValueChange?.();
  };
  const t = useT();
  const { locale } = useLocale();
  const labels = useLabels();
  const spec = fieldSpec(field);
  const testId = `member-field-${field}`;

  switch (spec.kind) {
    case "date":
    case "month":
      return (
        <DateStringPicker
          id={id}
          picker={spec.kind}
          value={typeof value === "string" ? value : null}
          onChange={(date) => onChange(date)}
          disabled={disabled}
          data-testid={testId}
        />
      );
    case "boolean":
      return (
        <Select<"yes" | "no">
          id={id}
          allowClear
          value={value === true ? "yes" : value === false ? "no" : undefined}
          onChange={(selected) => onChange(selected === undefined ? null : selected === "yes")}
          placeholder={t("common.selectPlaceholder")}
          options={[
            { value: "yes", label: t("common.yes") },
            { value: "no", label: t("common.no") },
          ]}
          disabled={disabled}
          data-testid={testId}
        />
      );
    case "dictionary": {
      const entries = spec.dictionary ? DICTIONARIES[spec.dictionary] : [];
      return (
        <Select<string>
          id={id}
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          value={typeof value === "string" ? value : undefined}
          onChange={(selected) => onChange(selected ?? null)}
          placeholder={t("common.selectPlaceholder")}
          options={entries.map((entry) => ({
            value: entry.code,
            label: locale === "en" ? entry.en : entry.zh,
          }))}
          disabled={disabled}
          data-testid={testId}
        />
      );
    }
    case "organization":
      return <Input id={id} value={labels.field(field)} disabled />;
    default:
      return (
        <Input
          id={id}
          allowClear
          maxLength={spec.maxLength}
          value={typeof value === "string" ? value : ""}
          onChange={(event) => onChange(event.target.value)}
          disabled={disabled}
          style={MONOSPACE_FIELDS.includes(field) ? { fontFamily: "monospace" } : undefined}
          data-testid={testId}
        />
      );
  }
}
