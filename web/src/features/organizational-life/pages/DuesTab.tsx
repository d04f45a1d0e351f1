import { UploadOutlined } from "@ant-design/icons";
import { DUES_CATEGORIES, DUES_CATEGORY_LABELS, type DuesCategory } from "@tuanwu/domain";
import { Alert, Button, Card, Flex, Input, Select, Statistic, Table, Tag, Typography, Upload } from "antd";
import { useState } from "react";
import { ErrorResult } from "../../../components/ErrorResult";
import { useT } from "../../../i18n/use-t";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import {
  type DuesArrears,
  type MonthDues,
  useArrears,
  useImportDues,
  useMonthDues,
  useRecordDues,
} from "../api/dues-queries";
import { todayInChina } from "../components/MeetingForm";
import { DuesScheduleEditor } from "../dues-schedule/DuesScheduleEditor";

type MonthItem = MonthDues["items"][number];
type ArrearsItem = DuesArrears["items"][number];

function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? "—" : `${(rate * 100).toFixed(1)}%`;
}

/**
 * /orgs/:orgId/dues: 团费 (recording only, no payment processing; domain.md §5). A branch: the month's
 * roll with who paid, batch entry of the selected members at the expected amount, and the .xlsx import
 * of the month. Any organization: the arrears list (欠缴名单) and collection rate (收缴率) of its subtree.
 */
export function DuesTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const canWrite = useAbilities().can("member:write");
  const [month, setMonth] = useState(todayInChina().slice(0, 7));
  const isBranch = organization.kind === "branch";
  const monthDues = useMonthDues(organization.id, month, isBranch);
  const arrears = useArrears(organization.id);
  const record = useRecordDues(organization.id, month);
  const upload = useImportDues(organization.id, month);
  const [selected, setSelected] = useState<number[]>([]);
  const [category, setCategory] = useState<DuesCategory>("student");

  function recordSelected() {
    const items = (monthDues.data?.items ?? []).filter((item) => selected.includes(item.memberId));
    if (items.length === 0) return;
    record.mutate(
      {
        payments: items.map((item) => ({
          memberId: item.memberId,
          category,
          amountYuan: item.expectedYuan ?? 0.2,
          paidOn: todayInChina(),
        })),
      },
      { onSuccess: () => setSelected([]) },
    );
  }

  return (
    <Flex vertical gap={12} data-testid="dues-tab">
      <Flex gap={8} wrap align="center">
        <Input
          type="month"
          value={month}
          onChange={(event) => event.target.value && setMonth(event.target.value)}
          style={{ width: 160 }}
          aria-label={t("meetings.month")}
          data-testid="dues-month"
        />
        {canWrite && (
          <Upload
            accept=".xlsx"
            showUploadList={false}
            beforeUpload={(file) => {
              upload.mutate(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="dues-import">
              {t("dues.import")}
            </Button>
          </Upload>
        )}
      </Flex>
      {upload.data && (
        <Alert type="success" showIcon title={t("dues.recorded", { count: upload.data.recorded })} />
      )}
      {upload.error && (
        <Alert type="error" showIcon title={upload.error.message} data-testid="dues-import-error" />
      )}
      {isBranch && (
        <Card size="small" title={t("dues.month", { month })} data-testid="dues-month-card">
          {monthDues.isError ? (
            <ErrorResult error={monthDues.error} />
          ) : (
            <Flex vertical gap={8}>
              <Typography.Text>
                {t("dues.paidOf", {
                  paid: monthDues.data?.paidCount ?? 0,
                  roll: monthDues.data?.rollCount ?? 0,
                })}{" "}
                · {t("dues.rate")} {percent(monthDues.data?.collectionRate)}
              </Typography.Text>
              {canWrite && (
                <Flex gap={8} wrap align="center">
                  <Select<DuesCategory>
                    value={category}
                    onChange={setCategory}
                    style={{ width: 140 }}
                    options={DUES_CATEGORIES.map((value) => ({ value, label: DUES_CATEGORY_LABELS[value] }))}
                  />
                  <Button
                    type="primary"
                    disabled={selected.length === 0}
                    loading={record.isPending}
                    onClick={recordSelected}
                    data-testid="dues-record"
                  >
                    {t("dues.recordSelected", { count: selected.length })}
                  </Button>
                </Flex>
              )}
              {record.error && <Alert type="error" showIcon title={record.error.message} />}
              <Table<MonthItem>
                size="small"
                rowKey="memberId"
                loading={monthDues.isLoading}
                dataSource={monthDues.data?.items ?? []}
                pagination={{ pageSize: 50, hideOnSinglePage: true }}
                scroll={{ x: true }}
                rowSelection={
                  canWrite
                    ? {
                        selectedRowKeys: selected,
                        onChange: (keys) => setSelected(keys.map(Number)),
                        getCheckboxProps: (item) => ({ disabled: item.payment !== null }),
                      }
                    : undefined
                }
                columns={[
                  { title: t("dues.member"), dataIndex: "name" },
                  {
                    title: t("dues.status"),
                    render: (_, item) =>
                      item.payment ? (
                        <Tag color="green">
                          {t("dues.paid")} ¥{item.payment.amountYuan.toFixed(2)} · {item.payment.paidOn}
                        </Tag>
                      ) : (
                        <Tag color="orange">{t("dues.unpaid")}</Tag>
                      ),
                  },
                  {
                    title: t("dues.expected"),
                    dataIndex: "expectedYuan",
                    align: "right",
                    render: (value: number | null) => (value === null ? "—" : `¥${value.toFixed(2)}`),
                  },
                ]}
              />
            </Flex>
          )}
        </Card>
      )}
      <DuesScheduleEditor organizationId={organization.id} />
      <Card size="small" title={t("dues.arrears")} data-testid="dues-arrears">
        {arrears.isError ? (
          <ErrorResult error={arrears.error} />
        ) : (
          <Flex vertical gap={8}>
            <Flex gap={24} wrap>
              <Statistic
                title={t("dues.rate")}
                value={percent(arrears.data?.collectionRate)}
                loading={arrears.isLoading}
              />
              <Statistic
                title={t("dues.period")}
                value={
                  arrears.data
                    ? `${arrears.data.from.slice(0, 7)} – ${arrears.data.through.slice(0, 7)}`
                    : "—"
                }
              />
            </Flex>
            <Table<ArrearsItem>
              size="small"
              rowKey="memberId"
              loading={arrears.isLoading}
              dataSource={arrears.data?.items ?? []}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: true }}
              columns={[
                { title: t("dues.member"), dataIndex: "name" },
                { title: t("meetings.branch"), dataIndex: "organizationName" },
                {
                  title: t("dues.arrearsMonths"),
                  dataIndex: "months",
                  render: (months: string[]) => months.map((value) => value.slice(0, 7)).join("、"),
                },
              ]}
            />
          </Flex>
        )}
      </Card>
    </Flex>
  );
}
