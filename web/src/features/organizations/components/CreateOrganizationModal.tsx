import { canHoldChild, ORGANIZATION_KINDS } from "@tuanwu/domain";
import { Alert, App, Form, Modal } from "antd";
import { useState } from "react";
import type { Organization, OrganizationLevel } from "../../../api/types";
import { errorMessageOf, fieldErrorOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { useCreateOrganization } from "../hooks/use-organizations";
import {
  emptyToNull,
  ORGANIZATION_FORM_FIELDS,
  OrganizationFormFields,
  type OrganizationFormValues,
} from "./OrganizationFormFields";

const NEXT_LEVEL: Record<OrganizationLevel, OrganizationLevel> = {
  national: "province",
  province: "city",
  city: "county",
  county: "township",
  township: "grassroots",
  grassroots: "grassroots",
};

interface CreateOrganizationModalProps {
  parent: Organization;
  open: boolean;
  onClose: () => void;
  onCreated: (organization: Organization) => void;
}

/** 新建下级组织: only the kinds the parent's kind may hold are offered (the server checks again). */
export function CreateOrganizationModal({ parent, open, onClose, onCreated }: CreateOrganizationModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrganizationFormValues>();
  const [formError, setFormError] = useState<string>();
  const create = useCreateOrganization();
  const kinds = ORGANIZATION_KINDS.filter((kind) => canHoldChild(parent.kind, kind));

  const onFinish = (values: OrganizationFormValues) => {
    setFormError(undefined);
    if (!values.kind || !values.sector) return;
    create.mutate(
      {
        parentId: parent.id,
        kind: values.kind,
        level: values.level,
        sector: values.sector,
        name: values.name.trim(),
        shortName: emptyToNull(values.shortName) ?? undefined,
        code: emptyToNull(values.code) ?? undefined,
        divisionCode: emptyToNull(values.divisionCode) ?? undefined,
        foundedOn: values.foundedOn ?? undefined,
        termStart: values.termStart ?? undefined,
        termEnd: values.termEnd ?? undefined,
      },
      {
        onSuccess: (organization) => {
          message.success(t("org.created"));
          form.resetFields();
          onCreated(organization);
        },
        onError: (error) => {
          const fieldError = fieldErrorOf(error, ORGANIZATION_FORM_FIELDS);
          if (fieldError) form.setFields([{ name: fieldError.name, errors: [fieldError.message] }]);
          else setFormError(errorMessageOf(error, t("common.error")));
        },
      },
    );
  };

  return (
    <Modal
      title={`${t("org.createChild")} · ${parent.name}`}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.create")}
      cancelText={t("common.cancel")}
      confirmLoading={create.isPending}
      destroyOnHidden
      width={640}
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form<OrganizationFormValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{
          kind: kinds[0],
          level: NEXT_LEVEL[parent.level],
          sector: parent.sector ?? undefined,
        }}
        data-testid="create-organization-form"
      >
        <OrganizationFormFields kinds={kinds} showDivisionCode sectorRequired />
      </Form>
    </Modal>
  );
}
