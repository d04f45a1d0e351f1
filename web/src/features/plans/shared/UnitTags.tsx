import { Flex, Tag } from "antd";
import { useT } from "../../../i18n/use-t";

/** Responsible units, the lead unit (牵头) first and marked. */
export function UnitTags({ units, leadUnit }: { units: readonly string[]; leadUnit: string | null }) {
  const t = useT();
  if (units.length === 0) return <>—</>;
  return (
    <Flex gap={4} wrap data-testid="plan-task-units">
      {units.map((unit) => (
        <Tag key={unit} color={unit === leadUnit ? "red" : undefined} style={{ marginInlineEnd: 0 }}>
          {unit === leadUnit ? `${unit}（${t("plans.lead")}）` : unit}
        </Tag>
      ))}
    </Flex>
  );
}
