import { WarningOutlined } from "@ant-design/icons";
import { Flex, Tag, Typography } from "antd";
import { useT } from "../../../i18n/use-t";

interface DeadlineCellProps {
  deadline: string | null;
  deadlineText: string | null;
  /** Set when the parser could not read the deadline as a date (import preview). */
  flagged?: boolean;
}

/** A deadline as a date with the words of the plan beneath; an unreadable one flagged in orange. */
export function DeadlineCell({ deadline, deadlineText, flagged }: DeadlineCellProps) {
  const t = useT();
  const showText = deadlineText && deadlineText !== deadline;
  return (
    <Flex vertical gap={2}>
      {deadline ? (
        <span>{deadline}</span>
      ) : flagged ? (
        <Tag color="warning" icon={<WarningOutlined />} data-testid="plan-deadline-flagged">
          {t("plans.deadlineUnreadable")}
        </Tag>
      ) : (
        <Typography.Text type="secondary">{t("ledger.noDeadline")}</Typography.Text>
      )}
      {showText && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {deadlineText}
        </Typography.Text>
      )}
    </Flex>
  );
}
