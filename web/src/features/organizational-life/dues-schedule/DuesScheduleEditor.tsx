import { DUES_CATEGORIES, DUES_CATEGORY_LABELS, type DuesCategory } from "@tuanwu/domain";
import { Alert, Button, Card, Flex, Input, InputNumber, Select, Space, Table, Tag } from "antd";
import { useState } from "react";
import { isApiError } from "../../../api/errors";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { type DuesScheduleRow, useDuesSchedule, usePutDuesSchedule } from "./dues-schedule-api";

const yuan = (value: number | null) => (value === null ? "—" : `¥${value.toFixed(2)}`);

/**
 * 团费标准 in the 团费 tab (issue 12 part 4; domain.md §5: the schedule as data an administrator edits):
 * the schedule in force (own / inherited from an organization above / the default), and for a role
 * that may write (member:write) an editor of its rows — category, monthly income band in yuan
 * (upper bound empty = open), monthly yuan, effective from — saved with PUT /organizations/{id}/dues-schedule.
 * A refused row (400 rows.{i}.{field}) is marked on that row with the server's message.
 */
export function DuesScheduleEditor({ organizationId }: { organizationId: number }) {
  const t = useT();
  const canWrite = useAbilities().can("member:write");
  const schedule = useDuesSchedule(organizationId);
  const save = usePutDuesSchedule(organizationId);
  const [draft, setDraft] = useState<DuesScheduleRow[] | null>(null);
  const rows = draft ?? schedule.data?.rows ?? [];
  const field = save.error && isApiError(save.error) ? save.error.field : undefined;
  const errorRow = field?.match(/^rows\.(\d+)\.(\w+)/);
  const status = (index: number, name: string) =>
    errorRow && Number(errorRow[1]) === index && errorRow[2] === name ? ("error" as const) : undefined;
  const change = (index: number, patch: Partial<DuesScheduleRow>) =>
    setDraft(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));

  if (schedule.isError) return <ErrorResult error={schedule.error} />;
  const data = schedule.data;
  const source = !data
    ? null
    : data.isDefault
      ? t("duesSchedule.default")
      : data.ownerOrganizationId === organizationId
        ? t("duesSchedule.own")
        : t("duesSchedule.inherited");

  return (
    <Card
      size="small"
      title={t("duesSchedule.title")}
      extra={source && <Tag style={{ whiteSpace: "normal" }}>{source}</Tag>}
      data-testid="dues-schedule"
    >
      <Flex vertical gap={8}>
        <Table<DuesScheduleRow>
          size="small"
          rowKey={(_, index) => String(index)}
          loading={schedule.isLoading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: true }}
          rowClassName={(_, index) =>
            errorRow && Number(errorRow[1]) === index ? "ant-table-row-error" : ""
          }
          columns={
            draft
              ? [
                  {
                    title: t("duesSchedule.category"),
                    render: (_, row, index) => (
                      <Select<DuesCategory>
                        value={row.category as DuesCategory}
                        status={status(index, "category")}
                        onChange={(category) => change(index, { category })}
                        options={DUES_CATEGORIES.map((value) => ({
                          value,
                          label: DUES_CATEGORY_LABELS[value],
                        }))}
                        style={{ width: 120 }}
                        aria-label={`${t("duesSchedule.category")} ${index + 1}`}
                      />
                    ),
                  },
                  {
                    title: t("duesSchedule.incomeMin"),
                    render: (_, row, index) => (
                      <InputNumber
                        min={0}
                        value={row.incomeMinYuan}
                        status={status(index, "incomeMinYuan")}
                        onChange={(value) => change(index, { incomeMinYuan: Number(value ?? 0) })}
                        aria-label={`${t("duesSchedule.incomeMin")} ${index + 1}`}
                      />
                    ),
                  },
                  {
                    title: t("duesSchedule.incomeMax"),
                    render: (_, row, index) => (
                      <InputNumber
                        min={0}
                        value={row.incomeMaxYuan}
                        status={status(index, "incomeMaxYuan")}
                        onChange={(value) =>
                          change(index, { incomeMaxYuan: value === null ? null : Number(value) })
                        }
                        aria-label={`${t("duesSchedule.incomeMax")} ${index + 1}`}
                      />
                    ),
                  },
                  {
                    title: t("duesSchedule.monthly"),
                    render: (_, row, index) => (
                      <InputNumber
                        min={0}
                        step={0.1}
                        value={row.monthlyYuan}
                        status={status(index, "monthlyYuan")}
                        onChange={(value) => change(index, { monthlyYuan: Number(value ?? 0) })}
                        aria-label={`${t("duesSchedule.monthly")} ${index + 1}`}
                      />
                    ),
                  },
                  {
                    title: t("duesSchedule.effectiveFrom"),
                    render: (_, row, index) => (
                      <Input
                        type="date"
                        value={row.effectiveFrom}
                        status={status(index, "effectiveFrom")}
                        onChange={(event) => change(index, { effectiveFrom: event.target.value })}
                        aria-label={`${t("duesSchedule.effectiveFrom")} ${index + 1}`}
                        style={{ width: 150 }}
                      />
                    ),
                  },
                  {
                    render: (_, _row, index) => (
                      <Button
                        size="small"
                        danger
                        onClick={() => setDraft(rows.filter((_, at) => at !== index))}
                      >
                        {t("duesSchedule.removeRow")}
                      </Button>
                    ),
                  },
                ]
              : [
                  {
                    title: t("duesSchedule.category"),
                    render: (_, row) => DUES_CATEGORY_LABELS[row.category as DuesCategory] ?? row.category,
                  },
                  {
                    title: t("duesSchedule.incomeMin"),
                    align: "right",
                    render: (_, row) => yuan(row.incomeMinYuan),
                  },
                  {
                    title: t("duesSchedule.incomeMax"),
                    align: "right",
                    render: (_, row) => yuan(row.incomeMaxYuan),
                  },
                  {
                    title: t("duesSchedule.monthly"),
                    align: "right",
                    render: (_, row) => yuan(row.monthlyYuan),
                  },
                  { title: t("duesSchedule.effectiveFrom"), dataIndex: "effectiveFrom" },
                ]
          }
        />
        {save.error && (
          <Alert
            type="error"
            showIcon
            title={errorRow ? `#${Number(errorRow[1]) + 1}: ${save.error.message}` : save.error.message}
            data-testid="dues-schedule-error"
          />
        )}
        {save.isSuccess && !draft && <Alert type="success" showIcon title={t("duesSchedule.saved")} />}
        {canWrite && (
          <Space wrap>
            {draft ? (
              <>
                <Button
                  onClick={() =>
                    setDraft([
                      ...rows,
                      {
                        category: "wage_earner",
                        incomeMinYuan: 0,
                        incomeMaxYuan: null,
                        monthlyYuan: 0,
                        effectiveFrom: rows[0]?.effectiveFrom ?? "2026-01-01",
                      },
                    ])
                  }
                  data-testid="dues-schedule-add"
                >
                  {t("duesSchedule.addRow")}
                </Button>
                <Button
                  type="primary"
                  loading={save.isPending}
                  onClick={() => save.mutate(rows, { onSuccess: () => setDraft(null) })}
                  data-testid="dues-schedule-save"
                >
                  {t("duesSchedule.save")}
                </Button>
                <Button
                  onClick={() => {
                    setDraft(null);
                    save.reset();
                  }}
                >
                  {t("duesSchedule.cancel")}
                </Button>
              </>
            ) : (
              <>
                <Button
                  onClick={() => setDraft(data?.rows ?? [])}
                  disabled={!data}
                  data-testid="dues-schedule-edit"
                >
                  {t("duesSchedule.edit")}
                </Button>
                {data?.ownerOrganizationId === organizationId && (
                  <Button danger loading={save.isPending} onClick={() => save.mutate([])}>
                    {t("duesSchedule.inherit")}
                  </Button>
                )}
              </>
            )}
          </Space>
        )}
      </Flex>
    </Card>
  );
}
