import { DatePicker, Form, Input, InputNumber, Modal, Select } from "antd";
import type { Dayjs } from "dayjs";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { useT } from "../../../i18n/use-t";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { useYouthHomes } from "../../youth-homes/hooks/use-youth-homes";
import { useCreateActivity } from "../hooks/use-activities";

interface FormValues {
  title: string;
  description?: string;
  place: string;
  time: [Dayjs, Dayjs];
  capacity: number;
  audience?: string;
  youthHomeId?: number;
}

/** 发布活动: title, place, time, places, audience and the home running it; the server makes the links. */
export function CreateActivityModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const organization = useCurrentOrganization();
  const create = useCreateActivity(organization.id);
  const homes = useYouthHomes(organization.id);
  const [form] = Form.useForm<FormValues>();
  const submit = (values: FormValues) =>
    create.mutate(
      {
        title: values.title,
        description: values.description ?? null,
        place: values.place,
        startsAt: values.time[0].toISOString(),
        endsAt: values.time[1].toISOString(),
        capacity: values.capacity,
        audience: values.audience ?? null,
        youthHomeId: values.youthHomeId ?? null,
      },
      {
        onSuccess: () => {
          form.resetFields();
          onClose();
        },
      },
    );
  return (
    <Modal
      open={open}
      title={t("youth.activities.new")}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <FormErrorAlert error={create.error} fieldNames={[]} style={{ marginBottom: 12 }} />
      <Form<FormValues> form={form} layout="vertical" onFinish={submit} initialValues={{ capacity: 30 }}>
        <Form.Item
          name="title"
          label={t("youth.activities.name")}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="place"
          label={t("youth.activities.place")}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="time" label={t("youth.activities.time")} rules={[{ required: true }]}>
          <DatePicker.RangePicker
            showTime={{ format: "HH:mm" }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: "100%" }}
          />
        </Form.Item>
        <Form.Item name="capacity" label={t("youth.activities.capacity")} rules={[{ required: true }]}>
          <InputNumber min={1} max={100_000} precision={0} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="audience" label={t("youth.activities.audience")}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="youthHomeId" label={t("youth.activities.home")}>
          <Select
            allowClear
            options={(homes.data?.items ?? [])
              .filter((home) => !home.delistedOn)
              .map((home) => ({ value: home.id, label: home.name }))}
          />
        </Form.Item>
        <Form.Item name="description" label={t("youth.activities.description")}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
