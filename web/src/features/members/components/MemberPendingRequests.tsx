import type { ReviewDecision } from "@tuanwu/domain";
import { Alert, Button, Flex } from "antd";
import { useState } from "react";
import type { MemberDetail } from "../../../api/types";
import { DecisionModal } from "../../../components/DecisionModal";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { useDecideStatusRequest } from "../../member-status/hooks/use-member-status";
import { useDecideCorrection } from "../hooks/use-member";

type Pending = { on: "status" | "correction"; id: number; decision: ReviewDecision };

/**
 * The member's pending status change and correction, with approve / return (the higher committee)
 * and withdraw (the requester's side); each button only to whom /me says may use it, the server decides.
 */
export function MemberPendingRequests({ member, canWrite }: { member: MemberDetail; canWrite: boolean }) {
  const t = useT();
  const labels = useLabels();
  const decideStatus = useDecideStatusRequest();
  const decideCorrection = useDecideCorrection(member.id);
  const abilities = useAbilities();
  const [pending, setPending] = useState<Pending | null>(null);
  const status = member.pendingStatusRequest;
  const correction = member.pendingCorrection;
  if (!status && !correction) return null;

  const allowedDecisions = (
    request: { organizationId?: number; targetOrganizationId?: number | null; requestedByName: string },
    decisions: readonly ReviewDecision[],
  ) => {
    const branchId = request.targetOrganizationId ?? request.organizationId ?? member.organizationId;
    return decisions.filter((decision) =>
      decision === "withdraw"
        ? abilities.withdrawsFor(branchId, request.requestedByName)
        : abilities.decidesFor(branchId, request.requestedByName),
    );
  };

  const buttons = (on: Pending["on"], id: number, decisions: readonly ReviewDecision[]) =>
    canWrite && decisions.length > 0 ? (
      <Flex gap={4}>
        {decisions.map((decision) => (
          <Button
            key={decision}
            size="small"
            type={decision === "approve" ? "primary" : "default"}
            danger={decision === "return"}
            onClick={() => setPending({ on, id, decision })}
            data-testid={`${on}-${decision}`}
          >
            {t(`review.${decision}`)}
          </Button>
        ))}
      </Flex>
    ) : undefined;

  const titleOf = (decision: ReviewDecision | undefined) => (decision ? t(`review.${decision}`) : "");

  return (
    <Flex vertical gap={8} data-testid="member-pending-requests">
      {status && (
        <Alert
          type="info"
          showIcon
          title={t("status.pendingRequest", {
            from: labels.status(status.fromStatus),
            to: labels.status(status.toStatus),
            effectiveOn: status.effectiveOn,
          })}
          description={status.reason}
          action={buttons("status", status.id, allowedDecisions(status, ["approve", "return", "withdraw"]))}
        />
      )}
      {correction && (
        <Alert
          type="info"
          showIcon
          title={t("member.pendingCorrection", {
            fields: correction.changes.map((change) => labels.field(change.field)).join("、"),
          })}
          description={correction.reason}
          action={buttons("correction", correction.id, allowedDecisions(correction, ["approve", "return"]))}
        />
      )}
      <DecisionModal
        title={titleOf(pending?.decision)}
        open={pending !== null}
        noteRequired={pending?.decision === "return"}
        onClose={() => setPending(null)}
        onDecide={(note) => {
          if (!pending) return Promise.resolve();
          const { decision } = pending;
          if (pending.on === "status") {
            return decideStatus.mutateAsync({
              requestId: pending.id,
              memberId: member.id,
              body: { decision, note },
            });
          }
          if (decision === "withdraw") return Promise.resolve();
          return decideCorrection.mutateAsync({ correctionId: pending.id, body: { decision, note } });
        }}
        data-testid="request-decision"
      />
    </Flex>
  );
}
