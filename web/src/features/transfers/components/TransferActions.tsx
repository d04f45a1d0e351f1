import type { TransferAction } from "@tuanwu/domain";
import { Button, Flex, Typography } from "antd";
import { useState } from "react";
import { useT } from "../../../i18n/use-t";
import { useTransferLabels } from "../transfer-labels";
import { DANGER_TRANSFER_ACTIONS, TransferActionModal } from "./TransferActionModal";

interface TransferActionsProps {
  /** The detail's `availableActions`: only these buttons are shown (the server still decides). */
  availableActions: readonly TransferAction[];
  /** Takes `action` with `payload` (the page adds the transfer's version). */
  onTransition: (action: TransferAction, payload: Record<string, unknown>) => Promise<unknown>;
  onReload: () => void;
}

/** The steps this user may take now: approve / accept first, then return and withdraw. */
export function TransferActions({ availableActions, onTransition, onReload }: TransferActionsProps) {
  const t = useT();
  const labels = useTransferLabels();
  const [open, setOpen] = useState<TransferAction>();
  const main = availableActions.filter((action) => !DANGER_TRANSFER_ACTIONS.includes(action));
  const side = availableActions.filter((action) => DANGER_TRANSFER_ACTIONS.includes(action));

  if (availableActions.length === 0) {
    return (
      <Typography.Text type="secondary" data-testid="transfer-no-actions">
        {t("transfers.noActions")}
      </Typography.Text>
    );
  }
  return (
    <Flex gap={8} wrap data-testid="transfer-actions">
      {main.map((action) => (
        <Button
          key={action}
          type="primary"
          onClick={() => setOpen(action)}
          data-testid={`transfer-action-${action}`}
        >
          {labels.action(action)}
        </Button>
      ))}
      {side.map((action) => (
        <Button key={action} danger onClick={() => setOpen(action)} data-testid={`transfer-action-${action}`}>
          {labels.action(action)}
        </Button>
      ))}
      {open && (
        <TransferActionModal
          action={open}
          onClose={() => setOpen(undefined)}
          submit={(payload) => onTransition(open, payload)}
          onReload={onReload}
        />
      )}
    </Flex>
  );
}
