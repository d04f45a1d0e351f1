import { DragOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Descriptions, type DescriptionsProps, Flex } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { organizationPath } from "../../../routes/organization-routes";
import { useCan } from "../../auth/hooks/use-me";
import { CompletenessSection } from "../components/CompletenessSection";
import { CreateOrganizationModal } from "../components/CreateOrganizationModal";
import { EditOrganizationModal } from "../components/EditOrganizationModal";
import { MoveOrganizationModal } from "../components/MoveOrganizationModal";
import { useCurrentOrganization } from "../hooks/use-current-organization";

type OpenModal = "edit" | "create" | "move" | null;

/** 概况: the organization's details, and for writers the edit, create-child and move actions. */
export function OverviewTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const labels = useLabels();
  const navigate = useNavigate();
  const canWrite = useCan("organization:write");
  const [openModal, setOpenModal] = useState<OpenModal>(null);
  const close = () => setOpenModal(null);

  const term =
    organization.termStart || organization.termEnd
      ? `${organization.termStart ?? "?"} ~ ${organization.termEnd ?? "?"}`
      : "—";
  const items: DescriptionsProps["items"] = [
    { key: "kind", label: t("org.kind"), children: labels.kind(organization.kind) },
    { key: "level", label: t("org.level"), children: labels.level(organization.level) },
    { key: "sector", label: t("org.sector"), children: labels.sector(organization.sector) },
    { key: "shortName", label: t("org.shortName"), children: organization.shortName ?? "—" },
    { key: "code", label: t("org.code"), children: organization.code ?? "—" },
    { key: "divisionCode", label: t("org.divisionCode"), children: organization.divisionCode ?? "—" },
    { key: "foundedOn", label: t("org.foundedOn"), children: organization.foundedOn ?? "—" },
    { key: "term", label: t("org.term"), children: term },
    { key: "childCount", label: t("org.childCount"), children: organization.childCount },
    { key: "members", label: t("org.subtreeMemberCount"), children: organization.subtreeMemberCount },
  ];

  return (
    <Flex vertical gap={16} data-testid="org-overview">
      {canWrite && (
        <Flex gap={8} wrap>
          <Button icon={<EditOutlined />} onClick={() => setOpenModal("edit")} data-testid="org-edit">
            {t("org.edit")}
          </Button>
          {organization.kind !== "branch" && (
            <Button
              icon={<PlusOutlined />}
              onClick={() => setOpenModal("create")}
              data-testid="org-create-child"
            >
              {t("org.createChild")}
            </Button>
          )}
          {organization.parentId !== null && (
            <Button icon={<DragOutlined />} onClick={() => setOpenModal("move")} data-testid="org-move">
              {t("org.move")}
            </Button>
          )}
        </Flex>
      )}
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} items={items} />
      <CompletenessSection organizationId={organization.id} />
      {canWrite && (
        <>
          <EditOrganizationModal organization={organization} open={openModal === "edit"} onClose={close} />
          <CreateOrganizationModal
            parent={organization}
            open={openModal === "create"}
            onClose={close}
            onCreated={(created) => {
              close();
              navigate(organizationPath(created.id));
            }}
          />
          <MoveOrganizationModal organization={organization} open={openModal === "move"} onClose={close} />
        </>
      )}
    </Flex>
  );
}
