import { PlusOutlined } from "@ant-design/icons";
import { PREREQUISITE_SOURCE_LABELS, PREREQUISITE_SOURCES } from "@tuanwu/domain";
import { Button, Form, Input, InputNumber, Modal, Select, Table } from "antd";
import { useState } from "react";
import { DateStringPicker, todayIso } from "../../../components/DateStringPicker";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { showFieldErrorOf } from "../../../components/form-errors";
import { useLocale, useT } from "../../../i18n/use-t";
import type { PrerequisiteBody } from "../api/development-queries";
import { usePrerequisites, useRecordPrerequisite } from "../hooks/use-development";

const FIELDS = ["item", "units", "occurredOn", "note"] as const;

/**
 * 前置条件记录: the applicant's recorded facts (团课 and 思政课 hours, volunteer hours, 青年大学习,
 * activities, peer review), each with its date and where it came from; the branch records one more.
 * Facts recorded by other modules (organizational life, volunteer work) show here too.
 */
export function PrerequisitesSection({
  applicationId,
  canWrite,
}: {
  applicationId: number;
  canWrite: boolean;
}) {
  const t = useT();
  const { locale } = useLocale();
  const records = usePrerequisites(applicationId);
  const [open, setOpen] = useState(false);
  const labelOf = (item: keyof typeof PREREQUISITE_SOURCE_LABELS) => {
    const label = PREREQUISITE_SOURCE_LABELS[item];
    return locale === "zh-CN" ? `${label.zh}（${label.unit.zh}）` : `${label.en} (${label.unit.en})`;
  };
  return (
    <div data-testid="prerequisites">
      {canWrite && (
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => setOpen(true)}
          style={{ marginBottom: 8 }}
          data-testid="prerequisite-add"
        >
          {t("development.prerequisiteAdd")}
        </Button>
      )}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        loading={records.isPending}
        dataSource={records.data?.records ?? []}
        locale={{ emptyText: t("development.prerequisitesNone") }}
        columns={[
          { key: "item", title: t("development.pointsItem"), render: (_, record) => labelOf(record.item) },
          { key: "units", title: t("development.pointsUnits"), dataIndex: "units", width: 70 },
          {
            key: "occurredOn",
            title: t("development.prerequisiteDate"),
            dataIndex: "occurredOn",
            width: 110,
          },
          { key: "origin", title: t("development.prerequisiteOrigin"), dataIndex: "origin", width: 100 },
        ]}
      />
      {open && (
        <RecordPrerequisiteModal
          applicationId={applicationId}
          labelOf={labelOf}
          onClose={() => setOpen(false)}
        />
      )}
    </div>
  );
}

function RecordPrerequisiteModal({
  applicationId,
  labelOf,
  onClose,
}: {
  applicationId: number;
  labelOf: (item: PrerequisiteBody["item"]) => string;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<PrerequisiteBody>();
  const record = useRecordPrerequisite(applicationId);
  const onFinish = (values: PrerequisiteBody) =>
    record.mutate(
      { ...values, note: values.note?.trim() || undefined },
      { onSuccess: onClose, onError: (error) => showFieldErrorOf(form, error, FIELDS) },
    );
  return (
    <Modal
      open
      title={t("development.prerequisiteAdd")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ "data-testid": "prerequisite-submit" } as Record<string, string>}
      confirmLoading={record.isPending}
      cancelText={t("common.cancel")}
      destroyOnHidden
    >
      <FormErrorAlert error={record.error} fieldNames={FIELDS} style={{ marginBottom: 12 }} />
      <Form<PrerequisiteBody>
        form={form}
        layout="vertical"
        initialValues={{ occurredOn: todayIso() }}
        onFinish={onFinish}
        data-testid="prerequisite-form"
      >
        <Form.Item
          name="item"
          label={t("development.pointsItem")}
          rules={[{ required: true, message: t("development.required") }]}
        >
          <Select
            options={PREREQUISITE_SOURCES.map((item) => ({ value: item, label: labelOf(item) }))}
            data-testid="prerequisite-item"
          />
        </Form.Item>
        <Form.Item
          name="units"
          label={t("development.pointsUnits")}
          rules={[{ required: true, type: "number", message: t("development.required") }]}
        >
          <InputNumber<number> min={0} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item
          name="occurredOn"
          label={t("development.prerequisiteDate")}
          rules={[{ required: true, message: t("development.required") }]}
        >
          <DateStringPicker />
        </Form.Item>
        <Form.Item name="note" label={t("development.prerequisiteNote")}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
