import type { ReviewDecision } from "@tuanwu/domain";
import { Button, Flex, Table, type TableColumnsType } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { Link } from "react-router";
import type { MemberStatusRequest } from "../../../api/types";
import { DecisionModal } from "../../../components/DecisionModal";
import { ErrorResult } from "../../../components/ErrorResult";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { memberPath } from "../../../routes/member-routes";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { useCan } from "../../auth/hooks/use-me";
import type { WorkListPaging } from "../api/member-status-queries";
import { useDecideStatusRequest, usePendingStatusRequests } from "../hooks/use-member-status";

type Deciding = { request: MemberStatusRequest; decision: ReviewDecision };

/**
 * 待审核: the subtree's pending status requests; approve or return with a note, offered only to the
 * higher committee of the request's branch (a branch secretary sees its own requests without them).
 */
export function PendingStatusRequests({ organizationId }: { organizationId: number }) {
  const t = useT();
  const labels = useLabels();
  const canWrite = useCan("member:write");
  const abilities = useAbilities();
  const [paging, setPaging] = useState<WorkListPaging>({ page: 1, pageSize: 20 });
  const requests = usePendingStatusRequests(organizationId, paging);
  const decide = useDecideStatusRequest();
  const [deciding, setDeciding] = useState<Deciding | null>(null);

  if (requests.isError) return <ErrorResult error={requests.error} onRetry={() => void requests.refetch()} />;

  const columns: TableColumnsType<MemberStatusRequest> = [
    {
      key: "member",
      title: t("members.name"),
      render: (_, request) => (
        <Link to={memberPath(organizationId, request.memberId)}>{request.memberName}</Link>
      ),
    },
    { key: "branch", title: t("members.branch"), dataIndex: "organizationName" },
    {
      key: "change",
      title: t("status.toStatus"),
      render: (_, request) =>
        `${labels.status(request.fromStatus)} → ${labels.status(request.toStatus)}${
          request.targetOrganizationName ? `（${request.targetOrganizationName}）` : ""
        }`,
    },
    { key: "reason", title: t("status.reason"), dataIndex: "reason" },
    { key: "effectiveOn", title: t("status.effectiveOn"), dataIndex: "effectiveOn", width: 110 },
    {
      key: "requested",
      title: t("review.requestedBy"),
      width: 170,
      render: (_, request) =>
        [
          request.requestedByName,
          request.requestedAt ? dayjs(request.requestedAt).format("YYYY-MM-DD HH:mm") : null,
        ]
          .filter(Boolean)
          .join(" "),
    },
    {
      key: "actions",
      title: "",
      width: 150,
      render: (_, request) =>
        canWrite &&
        abilities.decidesFor(
          request.targetOrganizationId ?? request.organizationId,
          request.requestedByName,
        ) ? (
          <Flex gap={4}>
            <Button
              size="small"
              type="primary"
              onClick={() => setDeciding({ request, decision: "approve" })}
              data-testid="review-approve"
            >
              {t("review.approve")}
            </Button>
            <Button
              size="small"
              danger
              onClick={() => setDeciding({ request, decision: "return" })}
              data-testid="review-return"
            >
              {t("review.return")}
            </Button>
          </Flex>
        ) : null,
    },
  ];

  return (
    <div data-testid="review-pending">
      <Table<MemberStatusRequest>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={requests.data?.items}
        loading={requests.isFetching}
        locale={{ emptyText: t("review.noPending") }}
        pagination={{
          current: requests.data?.page ?? 1,
          pageSize: requests.data?.pageSize ?? paging.pageSize,
          total: requests.data?.total ?? 0,
          hideOnSinglePage: true,
          showTotal: (total) => t("common.total", { total }),
          onChange: (page, pageSize) => setPaging({ page, pageSize }),
        }}
      />
      <DecisionModal
        title={deciding?.decision === "approve" ? t("review.approve") : t("review.return")}
        open={deciding !== null}
        noteRequired={deciding?.decision === "return"}
        onClose={() => setDeciding(null)}
        onDecide={(note) =>
          deciding
            ? decide.mutateAsync({
                requestId: deciding.request.id,
                memberId: deciding.request.memberId,
                body: { decision: deciding.decision, note },
              })
            : Promise.resolve()
        }
        data-testid="review-decision"
      />
    </div>
  );
}
