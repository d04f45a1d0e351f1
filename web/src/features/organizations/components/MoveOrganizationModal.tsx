import { canHoldChild } from "@tuanwu/domain";
import { Alert, App, Form, Modal, Typography } from "antd";
import { useState } from "react";
import type { Organization } from "../../../api/types";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { useMoveOrganization } from "../hooks/use-organizations";
import { OrganizationSearchSelect } from "./OrganizationSearchSelect";

interface MoveOrganizationModalProps {
  organization: Organization;
  open: boolean;
  onClose: () => void;
}

/** 移动: choose a new parent by search; only parents whose kind may hold this one are offered. */
export function MoveOrganizationModal({ organization, open, onClose }: MoveOrganizationModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const [newParentId, setNewParentId] = useState<number | null>(null);
  const [formError, setFormError] = useState<string>();
  const move = useMoveOrganization(organization.id);

  const close = () => {
    setNewParentId(null);
    setFormError(undefined);
    onClose();
  };

  const submit = () => {
    if (newParentId === null) return;
    setFormError(undefined);
    move.mutate(newParentId, {
      onSuccess: () => {
        message.success(t("org.moved"));
        close();
      },
      onError: (error) => setFormError(errorMessageOf(error, t("common.error"))),
    });
  };

  return (
    <Modal
      title={`${t("org.moveTitle")} · ${organization.name}`}
      open={open}
      onCancel={close}
      onOk={submit}
      okText={t("org.move")}
      cancelText={t("common.cancel")}
      okButtonProps={{ disabled: newParentId === null || newParentId === organization.parentId }}
      confirmLoading={move.isPending}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form layout="vertical">
        <Form.Item label={t("org.newParent")} required>
          <OrganizationSearchSelect
            value={newParentId}
            onChange={(id) => setNewParentId(id)}
            exclude={(candidate) =>
              candidate.id === organization.id || !canHoldChild(candidate.kind, organization.kind)
            }
            data-testid="move-parent-select"
          />
        </Form.Item>
        <Typography.Text type="secondary">
          {t("org.parent")}：{organization.ancestors.map((ancestor) => ancestor.name).join(" / ") || "—"}
        </Typography.Text>
      </Form>
    </Modal>
  );
}
