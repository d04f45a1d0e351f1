import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Form, Input, InputNumber, Modal, Typography } from "antd";
import { DateStringPicker } from "../../../components/DateStringPicker";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import type { CreateEvaluationRoundBody, EvaluationRound } from "../shared/plan-types";
import { useCreateEvaluationRound } from "./use-evaluations";

interface CreateRoundModalProps {
  organizationId: number;
  open: boolean;
  onClose: () => void;
  onCreated: (round: EvaluationRound) => void;
}

/** The sum of the sheet's weights in percent, two decimals. */
function weightSum(items: readonly { weight?: number | null }[] | undefined): number {
  const total = (items ?? []).reduce((sum, item) => sum + (item?.weight ?? 0), 0);
  return Math.round(total * 100) / 100;
}

/**
 * 新建评估轮次: a name, the dates scores may be given, and the scoring sheet (评分表) — items with a
 * weight (percent, summing to 100) and a maximum score. The server checks the sheet again (422).
 */
export function CreateRoundModal({ organizationId, open, onClose, onCreated }: CreateRoundModalProps) {
  const t = useT();
  const [form] = Form.useForm<CreateEvaluationRoundBody>();
  const create = useCreateEvaluationRound(organizationId);
  const items = Form.useWatch("items", form);
  const sum = weightSum(items);

  const onFinish = (values: CreateEvaluationRoundBody) =>
    create.mutate(
      {
        ...values,
        name: values.name.trim(),
        items: values.items.map((item) => ({ ...item, name: item.name.trim() })),
      },
      { onSuccess: onCreated },
    );

  return (
    <Modal
      title={t("evaluation.create")}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.create")}
      cancelText={t("common.cancel")}
      confirmLoading={create.isPending}
      width={720}
      destroyOnHidden
    >
      {create.isError && (
        <Alert
          type="error"
          showIcon
          title={errorMessageOf(create.error, t("common.error"))}
          style={{ marginBottom: 12 }}
        />
      )}
      <Form<CreateEvaluationRoundBody>
        form={form}
        layout="vertical"
        initialValues={{
          name: "",
          items: [
            { name: t("evaluation.defaultItem.progress"), weight: 40, maxScore: 100 },
            { name: t("evaluation.defaultItem.quality"), weight: 40, maxScore: 100 },
            { name: t("evaluation.defaultItem.evidence"), weight: 20, maxScore: 100 },
          ],
        }}
        onFinish={onFinish}
        data-testid="evaluation-create-form"
      >
        <Form.Item
          name="name"
          label={t("evaluation.name")}
          rules={[{ required: true, whitespace: true, message: t("common.required") }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item
            name="startsOn"
            label={t("evaluation.startsOn")}
            rules={[{ required: true, message: t("common.required") }]}
            style={{ flex: 1 }}
          >
            <DateStringPicker />
          </Form.Item>
          <Form.Item
            name="endsOn"
            label={t("evaluation.endsOn")}
            rules={[{ required: true, message: t("common.required") }]}
            style={{ flex: 1 }}
          >
            <DateStringPicker />
          </Form.Item>
        </Flex>
        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
          <Typography.Text strong>{t("evaluation.sheet")}</Typography.Text>
          <Typography.Text
            type={Math.abs(sum - 100) < 0.005 ? "success" : "danger"}
            data-testid="evaluation-weight-sum"
          >
            {t("progress.weightSum", { sum })}
          </Typography.Text>
        </Flex>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <Flex vertical gap={0}>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="start">
                  <Form.Item
                    name={[field.name, "name"]}
                    rules={[{ required: true, whitespace: true, message: t("common.required") }]}
                    style={{ flex: 1 }}
                  >
                    <Input placeholder={t("evaluation.itemName")} maxLength={100} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, "weight"]}
                    rules={[{ required: true, message: t("common.required") }]}
                    style={{ width: 130 }}
                  >
                    <InputNumber
                      min={0}
                      max={100}
                      precision={2}
                      suffix="%"
                      placeholder={t("progress.weight")}
                      style={{ width: "100%" }}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, "maxScore"]}
                    rules={[{ required: true, message: t("common.required") }]}
                    style={{ width: 130 }}
                  >
                    <InputNumber
                      min={0}
                      precision={2}
                      placeholder={t("evaluation.maxScore")}
                      style={{ width: "100%" }}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label="remove"
                  />
                </Flex>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ name: "", weight: 0, maxScore: 100 })}
              >
                {t("evaluation.addItem")}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
