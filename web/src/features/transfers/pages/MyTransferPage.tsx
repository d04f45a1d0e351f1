import { useQuery } from "@tanstack/react-query";
import type { TransferAction } from "@tuanwu/domain";
import { Alert, Button, Card, Flex, Typography } from "antd";
import { useState } from "react";
import { isApiError } from "../../../api/errors";
import { ErrorResult } from "../../../components/ErrorResult";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { latestTransferIdOf, ownArchiveQuery, ownRecordQuery } from "../api/transfer-queries";
import { StartTransferModal } from "../components/StartTransferModal";
import { TransferView } from "../components/TransferView";
import { useTransfer, useTransitionTransfer } from "../hooks/use-transfers";

/**
 * /me/transfer: 我的组织关系, phone first (375 px). The member follows their latest transfer (the one
 * their archive's transfer entries name: its step, history, and withdrawing while the receiving side
 * has not decided) or requests one (the receiving organization, the reason; their branch reviews it).
 */
export function MyTransferPage() {
  const t = useT();
  const record = useQuery(ownRecordQuery);
  const archive = useQuery({ ...ownArchiveQuery, enabled: record.isSuccess });
  const transferId = archive.data ? latestTransferIdOf(archive.data) : undefined;
  const transfer = useTransfer(transferId);
  const [requesting, setRequesting] = useState(false);
  const [submitted, setSubmitted] = useState(false);

  if (
    record.isPending ||
    (record.isSuccess && archive.isPending) ||
    (transferId !== undefined && transfer.isPending)
  ) {
    return <PageSpinner />;
  }
  if (record.isError) {
    return isApiError(record.error, 404) ? (
      <Alert type="info" showIcon title={t("me.transferNoRecord")} data-testid="my-transfer-no-record" />
    ) : (
      <ErrorResult error={record.error} onRetry={() => void record.refetch()} />
    );
  }
  if (archive.isError) return <ErrorResult error={archive.error} onRetry={() => void archive.refetch()} />;
  const current = transfer.data;
  // A member transferred out of the installation reports with the letter: no new request here.
  const canRequest = current === undefined || (current.closed && current.state !== "transferred_out");

  return (
    <Flex vertical gap={12} data-testid="my-transfer">
      {submitted && (
        <Alert
          type="success"
          showIcon
          title={t("me.transferSubmitted")}
          closable
          onClose={() => setSubmitted(false)}
        />
      )}
      {current ? (
        <MyTransferView transferId={current.id} />
      ) : (
        <Typography.Text type="secondary" data-testid="my-transfer-none">
          {t("me.transferNone")}
        </Typography.Text>
      )}
      {canRequest && (
        <Card size="small">
          <Flex vertical gap={8}>
            <Typography.Text type="secondary">{t("me.transferRequestHint")}</Typography.Text>
            <Button
              type="primary"
              block
              onClick={() => setRequesting(true)}
              data-testid="my-transfer-request"
            >
              {t("me.transferRequest")}
            </Button>
          </Flex>
        </Card>
      )}
      {requesting && (
        <StartTransferModal
          organizationId={record.data.organization.id}
          memberId={record.data.id}
          onClose={() => setRequesting(false)}
          onStarted={() => {
            setRequesting(false);
            setSubmitted(true);
          }}
        />
      )}
    </Flex>
  );
}

function MyTransferView({ transferId }: { transferId: number }) {
  const transfer = useTransfer(transferId);
  const transition = useTransitionTransfer(transferId);
  if (!transfer.data) return <PageSpinner />;
  const detail = transfer.data;
  const onTransition = (action: TransferAction, payload: Record<string, unknown>) =>
    transition.mutateAsync({ action, version: detail.version, payload });
  return (
    <TransferView
      compact
      transfer={detail}
      onTransition={onTransition}
      onReload={() => void transfer.refetch()}
    />
  );
}
