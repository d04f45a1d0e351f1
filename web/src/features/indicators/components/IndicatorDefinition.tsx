import { Typography } from "antd";
import { useT } from "../../../i18n/use-t";
import type { Indicator } from "../api/indicator-types";
import { useIndicatorLookup } from "../hooks/use-indicators";

/** What an indicator counts, over what, which way is better and where it comes from (a tooltip's body). */
export function IndicatorDefinition({ indicator }: { indicator: Indicator }) {
  const t = useT();
  const { label } = useIndicatorLookup();
  return (
    <div style={{ maxWidth: 360 }}>
      <div>
        <Typography.Text strong style={{ color: "inherit" }}>
          {t("indicators.numerator")}：
        </Typography.Text>
        {label(indicator.numerator)}
      </div>
      {indicator.denominator && (
        <div>
          <Typography.Text strong style={{ color: "inherit" }}>
            {t("indicators.denominator")}：
          </Typography.Text>
          {label(indicator.denominator)}
        </div>
      )}
      <div>{t(`indicators.direction.${indicator.direction}`)}</div>
      <div style={{ marginTop: 4, opacity: 0.8 }}>
        {t("indicators.source")}：{indicator.source}
      </div>
    </div>
  );
}
