import { Alert, Button, Card, Flex, InputNumber, Modal, Statistic, Table, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { ErrorResult } from "../../../components/ErrorResult";
import { errorMessageOf } from "../../../components/form-errors";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import type { Quota, QuotaAllotment } from "../api/quota-queries";
import { RatioPanel } from "../components/RatioPanel";
import { useAllotQuota, useQuotaOverview, useReclaimQuota } from "../hooks/use-quotas";

type Editing = { kind: "allot" | "reclaim"; organizationId: number; name: string; current: Quota | null };

/**
 * /orgs/:orgId/quotas: 发展名额 of a year — the organization's own quota (allotted, used, passed on,
 * unused), each child's allotment with 分配 and 回收 (unused places back into this quota), and the
 * 团学比 / 团青比 panel against their caps.
 */
export function AdmissionQuotasTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const abilities = useAbilities();
  const [year, setYear] = useState(dayjs().year());
  const [editing, setEditing] = useState<Editing>();
  const overview = useQuotaOverview(organization.id, year);
  const canWrite = abilities.can("member:write");

  return (
    <Flex vertical gap={16} data-testid="quotas-page">
      <Flex gap={8} align="center">
        <Typography.Text>{t("quotas.year")}</Typography.Text>
        <InputNumber<number>
          min={2000}
          max={2099}
          value={year}
          onChange={(value) => value !== null && setYear(value)}
          data-testid="quotas-year"
        />
      </Flex>
      {overview.isPending ? (
        <PageSpinner />
      ) : overview.isError ? (
        <ErrorResult error={overview.error} onRetry={() => void overview.refetch()} />
      ) : (
        <>
          <Card
            size="small"
            title={t("quotas.own", { name: overview.data.organizationName, year })}
            extra={
              canWrite && (
                <Button
                  size="small"
                  onClick={() =>
                    setEditing({
                      kind: "allot",
                      organizationId: organization.id,
                      name: overview.data.organizationName,
                      current: overview.data.quota,
                    })
                  }
                  data-testid="quota-set-own"
                >
                  {t("quotas.setOwn")}
                </Button>
              )
            }
          >
            {overview.data.quota ? (
              <Flex gap={32} wrap data-testid="quota-own">
                <Statistic title={t("quotas.amount")} value={overview.data.quota.amount} />
                <Statistic title={t("quotas.used")} value={overview.data.quota.used} />
                <Statistic title={t("quotas.subAllotted")} value={overview.data.quota.subAllotted} />
                <Statistic title={t("quotas.available")} value={overview.data.quota.available} />
                <Statistic title={t("quotas.unusedBelow")} value={overview.data.unusedInAllotments} />
              </Flex>
            ) : (
              <Alert type="info" showIcon title={t("quotas.none", { year })} />
            )}
          </Card>
          {overview.data.allotments.length > 0 && (
            <Card size="small" title={t("quotas.allotments")}>
              <Table<QuotaAllotment>
                size="small"
                rowKey="organizationId"
                pagination={false}
                dataSource={overview.data.allotments}
                data-testid="quota-allotments"
                columns={[
                  { key: "name", title: t("quotas.organization"), dataIndex: "organizationName" },
                  { key: "amount", title: t("quotas.amount"), render: (_, row) => row.quota?.amount ?? "—" },
                  { key: "used", title: t("quotas.used"), render: (_, row) => row.quota?.used ?? "—" },
                  {
                    key: "sub",
                    title: t("quotas.subAllotted"),
                    render: (_, row) => row.quota?.subAllotted ?? "—",
                  },
                  {
                    key: "available",
                    title: t("quotas.available"),
                    render: (_, row) =>
                      row.ownQuotaElsewhere ? t("quotas.elsewhere") : (row.quota?.available ?? "—"),
                  },
                  ...(canWrite
                    ? [
                        {
                          key: "actions",
                          title: "",
                          width: 170,
                          render: (_: unknown, row: QuotaAllotment) => (
                            <Flex gap={4}>
                              <Button
                                size="small"
                                disabled={row.ownQuotaElsewhere}
                                onClick={() =>
                                  setEditing({
                                    kind: "allot",
                                    organizationId: row.organizationId,
                                    name: row.organizationName,
                                    current: row.quota,
                                  })
                                }
                                data-testid="quota-allot"
                              >
                                {t("quotas.allot")}
                              </Button>
                              <Button
                                size="small"
                                disabled={!row.quota || row.quota.available === 0}
                                onClick={() =>
                                  setEditing({
                                    kind: "reclaim",
                                    organizationId: row.organizationId,
                                    name: row.organizationName,
                                    current: row.quota,
                                  })
                                }
                                data-testid="quota-reclaim"
                              >
                                {t("quotas.reclaim")}
                              </Button>
                            </Flex>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            </Card>
          )}
        </>
      )}
      <RatioPanel organizationId={organization.id} year={year} />
      {editing && <QuotaModal year={year} editing={editing} onClose={() => setEditing(undefined)} />}
    </Flex>
  );
}

function QuotaModal({ year, editing, onClose }: { year: number; editing: Editing; onClose: () => void }) {
  const t = useT();
  const allot = useAllotQuota(year);
  const reclaim = useReclaimQuota(year);
  const reclaiming = editing.kind === "reclaim";
  const [amount, setAmount] = useState<number | null>(
    reclaiming ? (editing.current?.available ?? null) : (editing.current?.amount ?? null),
  );
  const mutation = reclaiming ? reclaim : allot;
  const submit = () => {
    const options = { onSuccess: onClose };
    if (reclaiming)
      reclaim.mutate({ organizationId: editing.organizationId, amount: amount ?? undefined }, options);
    else if (amount !== null) allot.mutate({ organizationId: editing.organizationId, amount }, options);
  };
  return (
    <Modal
      open
      title={`${reclaiming ? t("quotas.reclaim") : t("quotas.allot")}：${editing.name}（${year}）`}
      onCancel={onClose}
      onOk={submit}
      okButtonProps={{ disabled: !reclaiming && amount === null }}
      confirmLoading={mutation.isPending}
      cancelText={t("common.cancel")}
      destroyOnHidden
    >
      <Flex vertical gap={8}>
        {mutation.isError && (
          <Alert type="error" showIcon title={errorMessageOf(mutation.error, t("common.error"))} />
        )}
        <Typography.Text>{reclaiming ? t("quotas.reclaimAmount") : t("quotas.allotAmount")}</Typography.Text>
        <InputNumber<number>
          min={0}
          max={reclaiming ? (editing.current?.available ?? undefined) : undefined}
          precision={0}
          value={amount}
          onChange={setAmount}
          style={{ width: "100%" }}
          data-testid="quota-amount"
        />
        {editing.current && (
          <Typography.Text type="secondary">
            {t("quotas.currentFigures", {
              amount: editing.current.amount,
              used: editing.current.used,
              available: editing.current.available,
            })}
          </Typography.Text>
        )}
      </Flex>
    </Modal>
  );
}
