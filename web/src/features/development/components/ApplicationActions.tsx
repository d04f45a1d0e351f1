import type { DevelopmentAction, DevelopmentState } from "@tuanwu/domain";
import { Button, Flex, Typography } from "antd";
import { useState } from "react";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { ActionFormModal } from "./ActionFormModal";
import { DANGER_ACTIONS, SIDE_ACTIONS } from "./action-fields";

interface ApplicationActionsProps {
  /** The detail's `availableActions`: only these buttons are shown (the server still decides). */
  availableActions: readonly DevelopmentAction[];
  returnTargets: readonly DevelopmentState[];
  /** Where mentors and sponsors are searched (the application's branch). */
  memberScopeId: number;
  /** Takes `action` with `payload` (the page adds the application's version). */
  onTransition: (action: DevelopmentAction, payload: Record<string, unknown>) => Promise<unknown>;
  onReload: () => void;
}

/** The steps this user may take now: the next step first, then return, defer, reject, withdraw. */
export function ApplicationActions({
  availableActions,
  returnTargets,
  memberScopeId,
  onTransition,
  onReload,
}: ApplicationActionsProps) {
  const t = useT();
  const labels = useLabels();
  const [open, setOpen] = useState<DevelopmentAction>();
  const main = availableActions.filter((action) => !SIDE_ACTIONS.includes(action));
  const side = availableActions.filter(
    (action) => SIDE_ACTIONS.includes(action) && (action !== "return_to_step" || returnTargets.length > 0),
  );

  if (main.length === 0 && side.length === 0) {
    return (
      <Typography.Text type="secondary" data-testid="no-actions">
        {t("development.noActions")}
      </Typography.Text>
    );
  }
  return (
    <Flex gap={8} wrap data-testid="application-actions">
      {main.map((action) => (
        <Button key={action} type="primary" onClick={() => setOpen(action)} data-testid={`action-${action}`}>
          {labels.developmentAction(action)}
        </Button>
      ))}
      {side.map((action) => (
        <Button
          key={action}
          danger={DANGER_ACTIONS.includes(action)}
          onClick={() => setOpen(action)}
          data-testid={`action-${action}`}
        >
          {labels.developmentAction(action)}
        </Button>
      ))}
      {open && (
        <ActionFormModal
          action={open}
          open
          returnTargets={returnTargets}
          memberScopeId={memberScopeId}
          onClose={() => setOpen(undefined)}
          submit={(payload) => onTransition(open, payload)}
          onReload={onReload}
        />
      )}
    </Flex>
  );
}
