import { Alert, Button } from "antd";
import { useState } from "react";
import { isApiError } from "../../../api/errors";
import { useT } from "../../../i18n/use-t";
import type { TransferDetail } from "../api/transfer-queries";
import { StartTransferModal } from "./StartTransferModal";

/** Whether an error is the 409 "duplicate" of a citizen ID that is already a member's (member-constraints). */
export function isDuplicateCitizenId(error: unknown): boolean {
  return isApiError(error, 409) && error.code === "duplicate" && error.field === "citizenId";
}

interface DuplicateMemberOfferProps {
  /** The branch the member was to be added to: it receives the transfer. */
  branch: { id: number; name: string };
  /** What the add-member form held. */
  citizenId: string;
  name: string;
  onStarted: (transfer: TransferDetail) => void;
}

/**
 * The offer of 新增团员's duplicate citizen ID (issue 11 part 3; domain.md §2): the ID is already a
 * member's in another organization, so instead of adding them, this branch starts a transfer in by
 * citizen ID and name (the receiving side's start, prefilled).
 */
export function DuplicateMemberOffer({ branch, citizenId, name, onStarted }: DuplicateMemberOfferProps) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Alert
        type="info"
        showIcon
        title={t("transfers.duplicateOffer")}
        action={
          <Button
            type="primary"
            size="small"
            onClick={() => setOpen(true)}
            data-testid="duplicate-start-transfer"
          >
            {t("transfers.duplicateStart")}
          </Button>
        }
        data-testid="duplicate-offer"
      />
      {open && (
        <StartTransferModal
          organizationId={branch.id}
          receiving={{ organization: branch, citizenId, name }}
          onClose={() => setOpen(false)}
          onStarted={(transfer) => {
            setOpen(false);
            onStarted(transfer);
          }}
        />
      )}
    </>
  );
}
