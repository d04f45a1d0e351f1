import { ArrowLeftOutlined } from "@ant-design/icons";
import type { TransferAction } from "@tuanwu/domain";
import { Button, Flex } from "antd";
import { useNavigate, useParams } from "react-router";
import { isApiError } from "../../../api/errors";
import { ErrorResult } from "../../../components/ErrorResult";
import { NotFoundPage } from "../../../components/NotFoundPage";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { parseOrganizationId } from "../../../routes/organization-routes";
import { TransferView } from "../components/TransferView";
import { useTransfer, useTransitionTransfer } from "../hooks/use-transfers";
import { transfersPath } from "../transfer-paths";

/** /orgs/:orgId/transfers/:transferId: one transfer (组织关系转接), its history and this user's steps. */
export function TransferPage() {
  const params = useParams();
  const organizationId = parseOrganizationId(params.orgId);
  const transferId = parseOrganizationId(params.transferId);
  if (organizationId === undefined || transferId === undefined) return <NotFoundPage />;
  return <TransferPageView organizationId={organizationId} transferId={transferId} />;
}

function TransferPageView({ organizationId, transferId }: { organizationId: number; transferId: number }) {
  const t = useT();
  const navigate = useNavigate();
  const transfer = useTransfer(transferId);
  const transition = useTransitionTransfer(transferId);

  if (transfer.isPending) return <PageSpinner />;
  if (transfer.isError) {
    return (
      <ErrorResult
        error={transfer.error}
        title={isApiError(transfer.error, 404) ? t("transfers.notFound") : undefined}
        onRetry={() => void transfer.refetch()}
      />
    );
  }
  const detail = transfer.data;
  const onTransition = (action: TransferAction, payload: Record<string, unknown>) =>
    transition.mutateAsync({ action, version: detail.version, payload });
  return (
    <Flex vertical gap={16} data-testid="transfer-page">
      <Flex>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(transfersPath(organizationId))}>
          {t("transfers.back")}
        </Button>
      </Flex>
      <TransferView transfer={detail} onTransition={onTransition} onReload={() => void transfer.refetch()} />
    </Flex>
  );
}
