import { Select } from "antd";
import type { CSSProperties } from "react";
import { useT } from "../../../i18n/use-t";
import { useIndicatorLookup } from "../hooks/use-indicators";
import { INDICATOR_CATEGORIES } from "./indicator-format";

interface IndicatorSelectProps {
  value: readonly string[];
  onChange: (ids: string[]) => void;
  placeholder?: string;
  style?: CSSProperties;
  "data-testid"?: string;
}

/** Several indicators of the catalog, grouped by category. */
export function IndicatorSelect({ value, onChange, placeholder, style, ...rest }: IndicatorSelectProps) {
  const t = useT();
  const { items, label } = useIndicatorLookup();
  const options = INDICATOR_CATEGORIES.map((category) => ({
    label: t(`indicators.category.${category}`),
    options: items
      .filter((indicator) => indicator.category === category)
      .map((indicator) => ({ value: indicator.id, label: label(indicator.name) })),
  })).filter((group) => group.options.length > 0);
  return (
    <Select
      mode="multiple"
      value={[...value]}
      onChange={onChange}
      options={options}
      placeholder={placeholder}
      maxTagCount="responsive"
      optionFilterProp="label"
      style={{ minWidth: 320, ...style }}
      data-testid={rest["data-testid"]}
    />
  );
}
