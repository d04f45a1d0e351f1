import { Button, Card, DatePicker, Descriptions, Flex, Form, Input, Space, Table, Tag } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useParams } from "react-router";
import { ErrorResult } from "../../../components/ErrorResult";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import type { MessageKey } from "../../../i18n/zh-CN";
import { parseOrganizationId } from "../../../routes/organization-routes";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { PHONE_PATTERN } from "../../public/public-errors";
import { formatDateTime } from "../../youth-homes/youth-labels";
import { certificatePdfUrl, type VolunteerRecord } from "../api/volunteer-queries";
import { useAddVolunteerRecord, useVolunteerRecordAction, useVolunteerShift } from "../hooks/use-volunteers";

const STATUS_KEYS: Record<string, MessageKey> = {
  recorded: "youth.volunteers.status.recorded",
  approved: "youth.volunteers.status.approved",
  rejected: "youth.volunteers.status.rejected",
};

interface RecordFormValues {
  name: string;
  phone: string;
  time: [Dayjs, Dayjs];
}

/**
 * /orgs/:orgId/volunteers/:shiftId — a shift's records (issue 14 part 3): name, masked phone, hours,
 * status; the recording organization approves or rejects, and after the public notice (≥ 7 days) issues
 * the numbered certificate, downloaded as PDF. The server refuses what the rules forbid and says why.
 */
export function VolunteerShiftPage() {
  const t = useT();
  const shiftId = parseOrganizationId(useParams().shiftId);
  const abilities = useAbilities();
  const shift = useVolunteerShift(shiftId);
  const add = useAddVolunteerRecord(shiftId ?? 0);
  const action = useVolunteerRecordAction();
  const [form] = Form.useForm<RecordFormValues>();
  if (shift.isPending) return <PageSpinner />;
  if (shift.isError) return <ErrorResult error={shift.error} onRetry={() => shift.refetch()} />;
  const data = shift.data;
  const writable = abilities.can("youth_home:write");
  return (
    <Flex vertical gap={16} data-testid="volunteer-shift">
      <Card title={data.title}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t("youth.activities.time")}>
            {formatDateTime(data.startsAt)} – {formatDateTime(data.endsAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t("youth.homes.organization")}>{data.organizationName}</Descriptions.Item>
        </Descriptions>
      </Card>
      {writable && (
        <Card title={t("youth.volunteers.addRecord")} size="small">
          <FormErrorAlert error={add.error} fieldNames={[]} style={{ marginBottom: 8 }} />
          <Form<RecordFormValues>
            form={form}
            layout="inline"
            initialValues={{ time: [dayjs(data.startsAt), dayjs(data.endsAt)] }}
            onFinish={(values) =>
              add.mutate(
                {
                  name: values.name,
                  phone: values.phone,
                  checkedInAt: values.time[0].toISOString(),
                  checkedOutAt: values.time[1].toISOString(),
                },
                { onSuccess: () => form.resetFields(["name", "phone"]) },
              )
            }
          >
            <Form.Item
              name="name"
              rules={[{ required: true, whitespace: true, message: t("public.nameRequired") }]}
            >
              <Input placeholder={t("public.name")} maxLength={40} />
            </Form.Item>
            <Form.Item
              name="phone"
              rules={[{ required: true, pattern: PHONE_PATTERN, message: t("public.phoneInvalid") }]}
            >
              <Input placeholder={t("public.phone")} maxLength={11} />
            </Form.Item>
            <Form.Item name="time" rules={[{ required: true }]}>
              <DatePicker.RangePicker showTime={{ format: "HH:mm" }} format="MM-DD HH:mm" />
            </Form.Item>
            <Button htmlType="submit" type="primary" loading={add.isPending}>
              {t("youth.volunteers.addRecord")}
            </Button>
          </Form>
        </Card>
      )}
      <Card title={t("youth.volunteers.records")} size="small">
        <FormErrorAlert error={action.error} fieldNames={[]} style={{ marginBottom: 8 }} />
        <Table<VolunteerRecord>
          rowKey="id"
          size="small"
          dataSource={data.records}
          scroll={{ x: 800 }}
          pagination={{ pageSize: 50 }}
          columns={[
            { title: t("public.name"), dataIndex: "name" },
            { title: t("public.phone"), dataIndex: "phone" },
            { title: t("youth.volunteers.hours"), dataIndex: "hours", align: "right" },
            {
              title: t("youth.common.status"),
              dataIndex: "status",
              render: (status: string) => (
                <Tag color={status === "approved" ? "green" : status === "rejected" ? "red" : "orange"}>
                  {STATUS_KEYS[status] ? t(STATUS_KEYS[status]) : status}
                </Tag>
              ),
            },
            { title: t("youth.volunteers.noticeUntil"), dataIndex: "noticeUntil" },
            { title: t("youth.volunteers.certificate"), dataIndex: "certificateNumber" },
            {
              title: t("youth.common.actions"),
              key: "actions",
              render: (_, record) => (
                <Space size={4}>
                  {writable && record.status === "recorded" && (
                    <>
                      <Button
                        size="small"
                        type="primary"
                        onClick={() => action.mutate({ recordId: record.id, action: "approve" })}
                      >
                        {t("youth.volunteers.approve")}
                      </Button>
                      <Button
                        size="small"
                        onClick={() => action.mutate({ recordId: record.id, action: "reject" })}
                      >
                        {t("youth.volunteers.reject")}
                      </Button>
                    </>
                  )}
                  {writable && record.status === "approved" && !record.certificateNumber && (
                    <Button
                      size="small"
                      onClick={() => action.mutate({ recordId: record.id, action: "certificate" })}
                    >
                      {t("youth.volunteers.issueCertificate")}
                    </Button>
                  )}
                  {record.certificateNumber && (
                    <Button size="small" href={certificatePdfUrl(record.id)} target="_blank">
                      {t("youth.volunteers.downloadCertificate")}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
