import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, DatePicker, Form, Input, InputNumber, Modal, Table, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useNavigate } from "react-router";
import { ErrorResult } from "../../../components/ErrorResult";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { useT } from "../../../i18n/use-t";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { formatDateTime } from "../../youth-homes/youth-labels";
import { volunteerShiftPath } from "../../youth-homes/youth-paths";
import type { VolunteerShiftListItem } from "../api/volunteer-queries";
import { useCreateVolunteerShift, useVolunteerShifts } from "../hooks/use-volunteers";

interface ShiftFormValues {
  title: string;
  time: [Dayjs, Dayjs];
  capacity?: number | null;
}

/**
 * /orgs/:orgId/volunteers — 志愿服务 (issue 14 part 3): the subtree's shifts with records, hours awaiting
 * approval and approved; a new shift; a row opens the shift's records (approve, certificate).
 */
export function VolunteersTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const navigate = useNavigate();
  const abilities = useAbilities();
  const shifts = useVolunteerShifts(organization.id);
  const create = useCreateVolunteerShift(organization.id);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<ShiftFormValues>();
  if (shifts.isError) return <ErrorResult error={shifts.error} onRetry={() => shifts.refetch()} />;
  return (
    <Card
      title={t("youth.volunteers.title")}
      data-testid="volunteer-shifts"
      extra={
        abilities.can("youth_home:write") && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t("youth.volunteers.newShift")}
          </Button>
        )
      }
    >
      <Table<VolunteerShiftListItem>
        rowKey="id"
        size="small"
        loading={shifts.isPending}
        dataSource={shifts.data?.items}
        pagination={{ pageSize: 20, showTotal: (total) => t("youth.common.total", { total }) }}
        onRow={(shift) => ({
          onClick: () => navigate(volunteerShiftPath(organization.id, shift.id)),
          style: { cursor: "pointer" },
        })}
        columns={[
          {
            title: t("youth.volunteers.shift"),
            dataIndex: "title",
            render: (title: string) => <Typography.Link>{title}</Typography.Link>,
          },
          { title: t("youth.activities.time"), dataIndex: "startsAt", render: formatDateTime },
          { title: t("youth.homes.organization"), dataIndex: "organizationName" },
          { title: t("youth.volunteers.records"), dataIndex: "recordCount", align: "right" },
          { title: t("youth.volunteers.totalHours"), dataIndex: "approvedHours", align: "right" },
        ]}
      />
      <Modal
        open={creating}
        title={t("youth.volunteers.newShift")}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <FormErrorAlert error={create.error} fieldNames={[]} style={{ marginBottom: 12 }} />
        <Form<ShiftFormValues>
          form={form}
          layout="vertical"
          onFinish={(values) =>
            create.mutate(
              {
                title: values.title,
                startsAt: values.time[0].toISOString(),
                endsAt: values.time[1].toISOString(),
                capacity: values.capacity ?? null,
              },
              { onSuccess: () => setCreating(false) },
            )
          }
        >
          <Form.Item
            name="title"
            label={t("youth.volunteers.shift")}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="time" label={t("youth.activities.time")} rules={[{ required: true }]}>
            <DatePicker.RangePicker
              showTime={{ format: "HH:mm" }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: "100%" }}
            />
          </Form.Item>
          <Form.Item name="capacity" label={t("youth.activities.capacity")}>
            <InputNumber min={1} max={10_000} precision={0} style={{ width: "100%" }} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
