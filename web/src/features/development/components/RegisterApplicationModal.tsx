import { ETHNICITIES, SCHOOL_LEVELS, SEXES, validateCitizenId } from "@tuanwu/domain";
import { Col, Form, Input, InputNumber, Modal, Row, Select, Switch } from "antd";
import { useNavigate } from "react-router";
import { DateStringPicker, todayIso } from "../../../components/DateStringPicker";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { showFieldErrorOf } from "../../../components/form-errors";
import { useLabels } from "../../../i18n/labels";
import { useLocale, useT } from "../../../i18n/use-t";
import type { RegisterApplicationBody } from "../api/development-types";
import { applicationPath } from "../development-paths";
import { useRegisterApplication } from "../hooks/use-development";

const FIELDS = [
  "name",
  "sex",
  "citizenId",
  "birthDate",
  "phone",
  "ethnicity",
  "schoolLevel",
  "grade",
  "graduatingClass",
  "applicationDate",
] as const satisfies readonly (keyof RegisterApplicationBody)[];

/** 登记入团申请: the branch registers a written application; the applicant's page opens. */
export function RegisterApplicationModal({
  branchId,
  open,
  onClose,
}: {
  branchId: number;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const labels = useLabels();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const [form] = Form.useForm<RegisterApplicationBody>();
  const register = useRegisterApplication(branchId);

  const onFinish = (values: RegisterApplicationBody) => {
    const body = Object.fromEntries(
      Object.entries(values).filter(([, value]) => value !== undefined && value !== null && value !== ""),
    ) as unknown as RegisterApplicationBody;
    register.mutate(body, {
      onSuccess: (detail) => {
        onClose();
        navigate(applicationPath(branchId, detail.id));
      },
      onError: (error) => showFieldErrorOf(form, error, FIELDS),
    });
  };

  /** A valid citizen ID fills in the birth date and sex it holds. */
  const onCitizenIdChange = (value: string) => {
    const checked = validateCitizenId(value);
    if (checked.ok) form.setFieldsValue({ birthDate: checked.birthDate, sex: checked.sex });
  };

  return (
    <Modal
      title={t("development.register")}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("development.registerSubmit")}
      okButtonProps={{ "data-testid": "register-submit" } as Record<string, string>}
      cancelText={t("common.cancel")}
      confirmLoading={register.isPending}
      width={640}
      destroyOnHidden
    >
      <FormErrorAlert error={register.error} fieldNames={FIELDS} style={{ marginBottom: 16 }} />
      <Form<RegisterApplicationBody>
        form={form}
        layout="vertical"
        initialValues={{ applicationDate: todayIso(), graduatingClass: false }}
        onFinish={onFinish}
        data-testid="register-form"
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="name"
              label={t("development.name")}
              rules={[{ required: true, whitespace: true, message: t("development.required") }]}
            >
              <Input maxLength={50} data-testid="register-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="citizenId"
              label={t("development.citizenId")}
              rules={[{ required: true, message: t("development.required") }]}
            >
              <Input
                maxLength={18}
                onChange={(event) => onCitizenIdChange(event.target.value)}
                data-testid="register-citizen-id"
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item
              name="sex"
              label={t("development.sex")}
              rules={[{ required: true, message: t("development.required") }]}
            >
              <Select
                options={SEXES.map((sex) => ({ value: sex, label: labels.sex(sex) }))}
                data-testid="register-sex"
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item
              name="birthDate"
              label={t("development.birthDate")}
              rules={[{ required: true, message: t("development.required") }]}
            >
              <DateStringPicker data-testid="register-birth-date" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="ethnicity" label={t("development.ethnicity")}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: "label" }}
                options={ETHNICITIES.map((entry) => ({
                  value: entry.code,
                  label: locale === "zh-CN" ? entry.zh : entry.en,
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="phone" label={t("development.phone")}>
              <Input maxLength={11} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="schoolLevel" label={t("development.schoolLevel")}>
              <Select
                allowClear
                options={SCHOOL_LEVELS.map((level) => ({
                  value: level,
                  label: t(`development.schoolLevel.${level}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="grade" label={t("development.grade")}>
              <InputNumber<number> min={1} max={9} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              name="graduatingClass"
              label={t("development.graduatingClass")}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              name="applicationDate"
              label={t("development.field.applicationDate")}
              rules={[{ required: true, message: t("development.required") }]}
            >
              <DateStringPicker data-testid="register-application-date" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
