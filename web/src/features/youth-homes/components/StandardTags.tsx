import { CheckCircleFilled, CloseCircleOutlined } from "@ant-design/icons";
import { Flex, Tag, Tooltip } from "antd";
import { useT } from "../../../i18n/use-t";
import { STANDARD_ITEMS, STANDARD_KEYS, type StandardItem } from "../youth-labels";

interface StandardTagsProps {
  standard: Readonly<Record<StandardItem, boolean>>;
  /** In a table: "3/5" with the missing items in a tooltip. */
  compact?: boolean;
}

/** The 五有 checklist (有场地、有项目、有队伍、有制度、有标识) as tags, or "met/5" in a table. */
export function StandardTags({ standard, compact = false }: StandardTagsProps) {
  const t = useT();
  const met = STANDARD_ITEMS.filter((item) => standard[item]);
  if (compact) {
    const missing = STANDARD_ITEMS.filter((item) => !standard[item]).map((item) => t(STANDARD_KEYS[item]));
    return (
      <Tooltip title={missing.length > 0 ? missing.join("、") : undefined}>
        <Tag color={met.length === STANDARD_ITEMS.length ? "green" : "orange"}>{`${met.length}/5`}</Tag>
      </Tooltip>
    );
  }
  return (
    <Flex gap={4} wrap data-testid="standard-tags">
      {STANDARD_ITEMS.map((item) => (
        <Tag
          key={item}
          color={standard[item] ? "green" : "default"}
          icon={standard[item] ? <CheckCircleFilled /> : <CloseCircleOutlined />}
        >
          {t(STANDARD_KEYS[item])}
        </Tag>
      ))}
    </Flex>
  );
}
