import { Flex, InputNumber, Typography } from "antd";
import { useT } from "../../../i18n/use-t";
import type { SheetItem } from "./star-rating-api";
import { bandOfScore, totalOf } from "./star-rating-view";

interface ScoreInputsProps {
  items: readonly SheetItem[];
  scores: Record<string, number | null>;
  onChange: (scores: Record<string, number | null>) => void;
  /** The server's field of a refused score ("scores.role" or "payload.scores.role"). */
  errorField?: string | undefined;
  testId: string;
}

/** One number per sheet item (0 … its maximum) with the total and the band it gives. */
export function ScoreInputs({ items, scores, onChange, errorField, testId }: ScoreInputsProps) {
  const t = useT();
  const total = totalOf(scores);
  return (
    <Flex vertical gap={6} data-testid={testId}>
      {items.map((item) => (
        <Flex key={item.key} gap={8} align="center" justify="space-between" wrap>
          <Typography.Text style={{ flex: "1 1 180px" }}>
            {item.label}（{item.maxPoints}）
          </Typography.Text>
          <InputNumber
            min={0}
            max={item.maxPoints}
            step={0.5}
            value={scores[item.key] ?? null}
            status={errorField?.endsWith(`scores.${item.key}`) ? "error" : undefined}
            onChange={(value) => onChange({ ...scores, [item.key]: value === null ? null : Number(value) })}
            aria-label={item.label}
            style={{ width: 110 }}
          />
        </Flex>
      ))}
      <Typography.Text strong data-testid={`${testId}-total`}>
        {t("starRating.preview", { score: total, band: bandOfScore(t, total) })}
      </Typography.Text>
    </Flex>
  );
}

/** The scores with every item filled, or null when one is missing. */
export function completeScores(
  items: readonly SheetItem[],
  scores: Record<string, number | null>,
): Record<string, number> | null {
  const complete: Record<string, number> = {};
  for (const item of items) {
    const value = scores[item.key];
    if (value === null || value === undefined) return null;
    complete[item.key] = value;
  }
  return complete;
}
