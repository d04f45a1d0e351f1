import { Alert, App, Form, Modal } from "antd";
import { useState } from "react";
import type { Organization, UpdateOrganizationBody } from "../../../api/types";
import { errorMessageOf, fieldErrorOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { useUpdateOrganization } from "../hooks/use-organizations";
import {
  emptyToNull,
  ORGANIZATION_FORM_FIELDS,
  OrganizationFormFields,
  type OrganizationFormValues,
} from "./OrganizationFormFields";

interface EditOrganizationModalProps {
  organization: Organization;
  open: boolean;
  onClose: () => void;
}

/** Only the fields that changed are sent (PATCH); an emptied optional field is sent as null. */
function changesOf(organization: Organization, values: OrganizationFormValues): UpdateOrganizationBody {
  const body: UpdateOrganizationBody = {};
  const name = values.name.trim();
  if (name !== organization.name) body.name = name;
  if (values.level !== organization.level) body.level = values.level;
  if (values.sector && values.sector !== organization.sector) body.sector = values.sector;
  const shortName = emptyToNull(values.shortName);
  if (shortName !== organization.shortName) body.shortName = shortName;
  const code = emptyToNull(values.code);
  if (code !== organization.code) body.code = code;
  const foundedOn = values.foundedOn ?? null;
  if (foundedOn !== organization.foundedOn) body.foundedOn = foundedOn;
  const termStart = values.termStart ?? null;
  if (termStart !== organization.termStart) body.termStart = termStart;
  const termEnd = values.termEnd ?? null;
  if (termEnd !== organization.termEnd) body.termEnd = termEnd;
  return body;
}

/** 编辑: PATCH /organizations/{id}; a validation error shows on the field the server names. */
export function EditOrganizationModal({ organization, open, onClose }: EditOrganizationModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrganizationFormValues>();
  const [formError, setFormError] = useState<string>();
  const update = useUpdateOrganization(organization.id);

  const onFinish = (values: OrganizationFormValues) => {
    setFormError(undefined);
    const body = changesOf(organization, values);
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    update.mutate(body, {
      onSuccess: () => {
        message.success(t("org.saved"));
        onClose();
      },
      onError: (error) => {
        const fieldError = fieldErrorOf(error, ORGANIZATION_FORM_FIELDS);
        if (fieldError) form.setFields([{ name: fieldError.name, errors: [fieldError.message] }]);
        else setFormError(errorMessageOf(error, t("common.error")));
      },
    });
  };

  return (
    <Modal
      title={t("org.editTitle")}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={update.isPending}
      destroyOnHidden
      width={640}
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form<OrganizationFormValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{
          name: organization.name,
          level: organization.level,
          sector: organization.sector ?? undefined,
          shortName: organization.shortName,
          code: organization.code,
          foundedOn: organization.foundedOn,
          termStart: organization.termStart,
          termEnd: organization.termEnd,
        }}
        data-testid="edit-organization-form"
      >
        <OrganizationFormFields />
      </Form>
    </Modal>
  );
}
