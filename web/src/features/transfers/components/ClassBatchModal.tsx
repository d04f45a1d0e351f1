import { GRADUATE_DESTINATIONS, type GraduateDestination } from "@tuanwu/domain";
import { Alert, Button, Checkbox, Flex, Modal, Select, Table, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { isApiError } from "../../../api/errors";
import { DateStringPicker, todayIso } from "../../../components/DateStringPicker";
import { errorMessageOf } from "../../../components/form-errors";
import { useLocale, useT } from "../../../i18n/use-t";
import { OrganizationSearchSelect } from "../../organizations/components/OrganizationSearchSelect";
import type { TransferBatchBody, TransferBatchResult } from "../api/transfer-queries";
import { useStartClassBatch, useTransferMemberOptions } from "../hooks/use-transfers";
import { useTransferLabels } from "../transfer-labels";

/** Where a destination's organization goes in a batch row (domain graduateBatchRowSchema). */
type TargetField =
  | "schoolOrganizationId"
  | "employerOrganizationId"
  | "townshipOrganizationId"
  | "residenceOrganizationId"
  | "mobileBranchId";

/** The organizations a destination may name, the first the usual one (domain routeGraduate). */
export const TARGET_FIELDS: Readonly<Record<GraduateDestination, readonly TargetField[]>> = {
  continuing_study: ["schoolOrganizationId"],
  employed: ["employerOrganizationId", "townshipOrganizationId"],
  unplaced: ["residenceOrganizationId", "mobileBranchId"],
};

const TARGET_LABELS: Readonly<Record<TargetField, { zh: string; en: string }>> = {
  schoolOrganizationId: { zh: "升入学校团组织", en: "New school's organization" },
  employerOrganizationId: { zh: "用人单位团组织", en: "Employer's organization" },
  townshipOrganizationId: { zh: "所在乡镇（街道）团组织", en: "Township/street organization" },
  residenceOrganizationId: { zh: "户籍（居住）地团组织", en: "Residence township's organization" },
  mobileBranchId: { zh: "流动团员团支部", en: "Mobile members' branch" },
};

/** One graduate's row as edited. */
export interface GraduateRowDraft {
  memberId: number;
  name: string;
  include: boolean;
  destination: GraduateDestination;
  target: TargetField;
  organizationId?: number;
}

/** The batch body of the included rows (an organization left empty is sent empty: the server names the row). */
export function batchBodyOf(startedOn: string, rows: readonly GraduateRowDraft[]): TransferBatchBody {
  return {
    startedOn,
    rows: rows
      .filter((row) => row.include)
      .map((row) => ({
        memberId: row.memberId,
        destination: row.destination,
        ...(row.organizationId === undefined ? {} : { [row.target]: row.organizationId }),
      })),
  };
}

/** "第2行（张三）：…；第5行（李四）：…" → one message per row. */
export function batchProblemsOf(error: unknown, fallback: string): string[] {
  return errorMessageOf(error, fallback)
    .split("；")
    .map((message) => message.trim())
    .filter(Boolean);
}

interface ClassBatchModalProps {
  /** The graduating class's branch (毕业班团支部): its active members are the rows. */
  classOrganizationId: number;
  onClose: () => void;
  onDone: (result: TransferBatchResult) => void;
}

/**
 * The graduating class's batch (毕业班批量转接): one row per member of the class, each with a destination
 * (升学 / 就业 / 未就业) and the organization it goes to; "apply to all" sets the selected rows at once.
 * All or nothing: a refused batch lists every bad row the server named, and nothing was started.
 */
export function ClassBatchModal({ classOrganizationId, onClose, onDone }: ClassBatchModalProps) {
  const t = useT();
  const labels = useTransferLabels();
  const members = useTransferMemberOptions(classOrganizationId, "");
  const start = useStartClassBatch(classOrganizationId);
  const [startedOn, setStartedOn] = useState<string | null>(todayIso());
  const [rows, setRows] = useState<GraduateRowDraft[]>([]);
  const [all, setAll] = useState<{
    destination: GraduateDestination;
    target: TargetField;
    organizationId?: number;
  }>({
    destination: "continuing_study",
    target: "schoolOrganizationId",
  });
  const { locale } = useLocale();
  const targetLabel = (field: TargetField) =>
    locale === "en" ? TARGET_LABELS[field].en : TARGET_LABELS[field].zh;

  useEffect(() => {
    const items = members.data?.items;
    if (!items) return;
    setRows(
      items.map((member) => ({
        memberId: member.id,
        name: member.name,
        include: true,
        destination: "continuing_study",
        target: "schoolOrganizationId",
      })),
    );
  }, [members.data]);

  const update = (memberId: number, change: Partial<GraduateRowDraft>) =>
    setRows((current) => current.map((row) => (row.memberId === memberId ? { ...row, ...change } : row)));
  const included = rows.filter((row) => row.include).length;
  const problems = useMemo(
    () =>
      start.error && !isApiError(start.error, 409) ? batchProblemsOf(start.error, t("common.error")) : [],
    [start.error, t],
  );

  const submit = () => {
    if (!startedOn) return;
    start.mutate(batchBodyOf(startedOn, rows), { onSuccess: onDone });
  };

  return (
    <Modal
      open
      width={960}
      title={t("transfers.startBatch")}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button
          key="ok"
          type="primary"
          disabled={included === 0 || !startedOn}
          loading={start.isPending}
          onClick={submit}
          data-testid="batch-submit"
        >
          {t("transfers.batchSubmit", { count: included })}
        </Button>,
      ]}
    >
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t("transfers.batchRefused")}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {problems.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 12 }}
          data-testid="batch-problems"
        />
      )}
      {isApiError(start.error, 409) && (
        <Alert type="warning" showIcon title={start.error.message} style={{ marginBottom: 12 }} />
      )}
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Typography.Text>{t("transfers.startedOn")}</Typography.Text>
        <div style={{ width: 160 }}>
          <DateStringPicker value={startedOn} onChange={setStartedOn} />
        </div>
        <Select
          style={{ width: 120 }}
          value={all.destination}
          onChange={(destination: GraduateDestination) =>
            setAll({ destination, target: TARGET_FIELDS[destination][0] as TargetField })
          }
          options={GRADUATE_DESTINATIONS.map((value) => ({ value, label: labels.destination(value) }))}
          data-testid="batch-all-destination"
        />
        <Select
          style={{ width: 200 }}
          value={all.target}
          onChange={(target: TargetField) => setAll({ ...all, target })}
          options={TARGET_FIELDS[all.destination].map((value) => ({ value, label: targetLabel(value) }))}
        />
        <div style={{ width: 240 }}>
          <OrganizationSearchSelect
            value={all.organizationId ?? null}
            onChange={(organizationId) => setAll({ ...all, organizationId })}
            data-testid="batch-all-organization"
          />
        </div>
        <Button
          onClick={() => setRows((current) => current.map((row) => (row.include ? { ...row, ...all } : row)))}
          data-testid="batch-apply-all"
        >
          {t("transfers.applyAll")}
        </Button>
      </Flex>
      {members.data && rows.length === 0 && (
        <Typography.Text type="secondary">{t("transfers.batchNoGraduates")}</Typography.Text>
      )}
      <Table<GraduateRowDraft>
        size="small"
        rowKey="memberId"
        loading={members.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ y: 420 }}
        data-testid="batch-rows"
        columns={[
          {
            key: "include",
            width: 48,
            render: (_, row) => (
              <Checkbox
                checked={row.include}
                onChange={(event) => update(row.memberId, { include: event.target.checked })}
              />
            ),
          },
          { title: t("transfers.batchGraduates"), dataIndex: "name", width: 120 },
          {
            title: t("transfers.destination"),
            width: 120,
            render: (_, row) => (
              <Select
                style={{ width: "100%" }}
                value={row.destination}
                onChange={(destination: GraduateDestination) =>
                  update(row.memberId, { destination, target: TARGET_FIELDS[destination][0] as TargetField })
                }
                options={GRADUATE_DESTINATIONS.map((value) => ({ value, label: labels.destination(value) }))}
              />
            ),
          },
          {
            title: t("transfers.batchOrganization"),
            render: (_, row) => (
              <Flex gap={4}>
                <Select
                  style={{ width: 180 }}
                  value={row.target}
                  onChange={(target: TargetField) => update(row.memberId, { target })}
                  options={TARGET_FIELDS[row.destination].map((value) => ({
                    value,
                    label: targetLabel(value),
                  }))}
                />
                <div style={{ flex: 1, minWidth: 160 }}>
                  <OrganizationSearchSelect
                    value={row.organizationId ?? null}
                    onChange={(organizationId) => update(row.memberId, { organizationId })}
                  />
                </div>
              </Flex>
            ),
          },
        ]}
      />
    </Modal>
  );
}
