import {
  COVERAGE_SECTORS,
  ENTERED_YEAR_RANGE,
  SCHOOL_LEVEL_GRADES,
  SCHOOL_LEVEL_LABELS,
  SCHOOL_LEVELS,
} from "@tuanwu/domain";
import { Input, InputNumber, Select } from "antd";
import { useLabels } from "../../../i18n/labels";
import { useLocale } from "../../../i18n/use-t";
import type { EnteredFieldKind } from "./entered-data-fields";

const MAX_GRADE = Math.max(...Object.values(SCHOOL_LEVEL_GRADES));

interface EnteredFieldInputProps {
  kind: EnteredFieldKind;
  id?: string;
  value?: string | number | null;
  onChange?: (value: string | number | null) => void;
  "aria-label"?: string;
}

/** The input of one cell of an entered-data table, by the column's kind (used inside Form.Item). */
export function EnteredFieldInput({ kind, id, value, onChange, ...rest }: EnteredFieldInputProps) {
  const { locale } = useLocale();
  const labels = useLabels();
  const label = rest["aria-label"];
  switch (kind) {
    case "text":
      return (
        <Input
          id={id}
          aria-label={label}
          value={typeof value === "string" ? value : ""}
          onChange={(event) => onChange?.(event.target.value)}
          maxLength={200}
        />
      );
    case "schoolLevel":
      return (
        <Select
          id={id}
          aria-label={label}
          value={typeof value === "string" ? value : undefined}
          onChange={(next: string) => onChange?.(next)}
          options={SCHOOL_LEVELS.map((level) => ({
            value: level,
            label: locale === "zh-CN" ? SCHOOL_LEVEL_LABELS[level].zh : SCHOOL_LEVEL_LABELS[level].en,
          }))}
          style={{ width: 120 }}
        />
      );
    case "sector":
      return (
        <Select
          id={id}
          aria-label={label}
          value={typeof value === "string" ? value : undefined}
          onChange={(next: string) => onChange?.(next)}
          options={COVERAGE_SECTORS.map((sector) => ({ value: sector, label: labels.sector(sector) }))}
          style={{ width: 160 }}
        />
      );
    default: {
      const bounds =
        kind === "year" ? ENTERED_YEAR_RANGE : kind === "grade" ? { min: 1, max: MAX_GRADE } : { min: 0 };
      return (
        <InputNumber<number>
          id={id}
          aria-label={label}
          value={typeof value === "number" ? value : null}
          onChange={(next) => onChange?.(next)}
          precision={0}
          {...bounds}
          style={{ width: kind === "count" ? 140 : 90 }}
        />
      );
    }
  }
}
