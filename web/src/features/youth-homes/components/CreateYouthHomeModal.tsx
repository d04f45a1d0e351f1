import { Checkbox, Form, Input, InputNumber, Modal, Select } from "antd";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { useT } from "../../../i18n/use-t";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { useCreateYouthHome } from "../hooks/use-youth-homes";
import {
  STANDARD_ITEMS,
  STANDARD_KEYS,
  YOUTH_HOME_KIND_KEYS,
  YOUTH_HOME_KINDS,
  type YouthHomeKind,
} from "../youth-labels";

interface FormValues {
  kind: YouthHomeKind;
  name: string;
  address?: string;
  operator?: string;
  isDemonstration?: boolean;
  subsidyYuanPerYear?: number | null;
  standard?: string[];
}

/** 新建阵地: a Youth Home or service post under the organization of the URL. */
export function CreateYouthHomeModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const organization = useCurrentOrganization();
  const create = useCreateYouthHome(organization.id);
  const [form] = Form.useForm<FormValues>();
  const submit = (values: FormValues) => {
    const standard = new Set(values.standard ?? []);
    create.mutate(
      {
        kind: values.kind,
        name: values.name,
        address: values.address ?? null,
        operator: values.operator ?? null,
        isDemonstration: values.isDemonstration ?? false,
        subsidyYuanPerYear: values.subsidyYuanPerYear ?? null,
        standard: {
          venue: standard.has("venue"),
          projects: standard.has("projects"),
          team: standard.has("team"),
          rules: standard.has("rules"),
          sign: standard.has("sign"),
        },
      },
      {
        onSuccess: () => {
          form.resetFields();
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open={open}
      title={t("youth.homes.new")}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <FormErrorAlert error={create.error} fieldNames={[]} style={{ marginBottom: 12 }} />
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ kind: "youth_home" }}
      >
        <Form.Item name="kind" label={t("youth.homes.kind")} rules={[{ required: true }]}>
          <Select
            options={YOUTH_HOME_KINDS.map((kind) => ({ value: kind, label: t(YOUTH_HOME_KIND_KEYS[kind]) }))}
          />
        </Form.Item>
        <Form.Item name="name" label={t("youth.homes.name")} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="address" label={t("youth.homes.address")}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="operator" label={t("youth.homes.operator")}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="subsidyYuanPerYear" label={t("youth.homes.subsidy")}>
          <InputNumber min={0} max={10_000_000} precision={2} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="standard" label={t("youth.homes.standard")}>
          <Checkbox.Group
            options={STANDARD_ITEMS.map((item) => ({ value: item, label: t(STANDARD_KEYS[item]) }))}
          />
        </Form.Item>
        <Form.Item name="isDemonstration" valuePropName="checked">
          <Checkbox>{t("youth.homes.demonstration")}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
