import { Alert, App, Flex, Typography } from "antd";
import { useNavigate } from "react-router";
import { useT } from "../../../i18n/use-t";
import { memberPath } from "../../../routes/member-routes";
import { organizationPath } from "../../../routes/organization-routes";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { MemberForm } from "../components/MemberForm";
import { toCreateBody, toRecordBody } from "../components/member-form-values";
import { useCreateMember } from "../hooks/use-member";

/** 新增团员: a new member in the branch of the URL (POST /organizations/{branchId}/members). */
export function CreateMemberPage() {
  const organization = useCurrentOrganization();
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateMember(organization.id);
  const isBranch = organization.kind === "branch";

  return (
    <Flex vertical gap={12} data-testid="member-create">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t("member.createTitle", { branch: organization.name })}
      </Typography.Title>
      {!isBranch && <Alert type="warning" showIcon title={t("member.createOnlyInBranch")} />}
      <MemberForm
        initialValues={{ idDocumentType: "resident_id_card", politicalStatus: "league_member" }}
        hidden={["organizationId"]}
        submitText={t("common.create")}
        submitting={create.isPending}
        onSubmit={async (values) => {
          const member = await create.mutateAsync(toCreateBody(toRecordBody(values)));
          message.success(t("member.created"));
          navigate(memberPath(organization.id, member.id));
        }}
        onCancel={() => navigate(organizationPath(organization.id, "members"))}
        data-testid="member-create-form"
      />
    </Flex>
  );
}
