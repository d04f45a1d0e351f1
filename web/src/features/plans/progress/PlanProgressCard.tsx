import { SettingOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Flex, Progress, Typography } from "antd";
import { useState } from "react";
import { useT } from "../../../i18n/use-t";
import { useCan } from "../../auth/hooks/use-me";
import type { Plan } from "../shared/plan-types";
import { usePlanLabels } from "../shared/use-plan-labels";
import { ProgressRuleModal } from "./ProgressRuleModal";

/**
 * The plan's progress rolled up from its tasks by a visible rule (average, or weights summing to 100%;
 * cancelled tasks left out); with plan:write, the rule's editor.
 */
export function PlanProgressCard({ plan }: { plan: Plan }) {
  const t = useT();
  const labels = usePlanLabels();
  const canWrite = useCan("plan:write");
  const [editing, setEditing] = useState(false);
  const { progress } = plan;
  return (
    <Card size="small" data-testid="plan-progress">
      <Flex gap={16} align="center" wrap>
        <Progress
          type="circle"
          size={72}
          percent={progress.percent ?? 0}
          format={() => (progress.percent === null ? "—" : `${progress.percent}%`)}
        />
        <Flex vertical gap={4} style={{ flex: 1, minWidth: 200 }}>
          <Typography.Text strong>{t("progress.title")}</Typography.Text>
          <Typography.Text type="secondary" data-testid="plan-progress-rule">
            {t("progress.rule", {
              rule: labels.progressRule(progress.rule),
              counted: progress.counted,
              excluded: progress.excluded,
            })}
          </Typography.Text>
          {progress.problem && <Alert type="warning" showIcon title={progress.problem} />}
        </Flex>
        {canWrite && (
          <Button
            icon={<SettingOutlined />}
            onClick={() => setEditing(true)}
            data-testid="plan-progress-rule-edit"
          >
            {t("progress.editRule")}
          </Button>
        )}
      </Flex>
      {editing && <ProgressRuleModal plan={plan} open={editing} onClose={() => setEditing(false)} />}
    </Card>
  );
}
