import { Alert, App, Flex, Form, Typography } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { useT } from "../../../i18n/use-t";
import { memberPath } from "../../../routes/member-routes";
import { organizationPath } from "../../../routes/organization-routes";
import { useCan } from "../../auth/hooks/use-me";
import { OrganizationSearchSelect } from "../../organizations/components/OrganizationSearchSelect";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { DuplicateMemberOffer, isDuplicateCitizenId } from "../../transfers/components/DuplicateMemberOffer";
import { transferPath } from "../../transfers/transfer-paths";
import { MemberForm } from "../components/MemberForm";
import { toCreateBody, toRecordBody } from "../components/member-form-values";
import { useCreateMember } from "../hooks/use-member";

/**
 * 新增团员: a new member (POST /organizations/{branchId}/members). In a branch, there; above one (a
 * township, the county), the user chooses the branch (所在团支部) in the form — members sit only in
 * branches (domain canHoldMembers), the server checks it and the scope again. A citizen ID already a
 * member's elsewhere (409 duplicate) shows beside the field and offers to start a transfer in instead.
 */
export function CreateMemberPage() {
  const organization = useCurrentOrganization();
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const isBranch = organization.kind === "branch";
  const [chosenBranch, setChosenBranch] = useState<{ id: number; name: string } | null>(null);
  const [branchMissing, setBranchMissing] = useState(false);
  const branch = isBranch ? { id: organization.id, name: organization.name } : chosenBranch;
  const create = useCreateMember(branch?.id ?? organization.id);
  // The citizen ID is already a member's elsewhere: offer the transfer in instead (issue 11 part 3).
  const [duplicate, setDuplicate] = useState<{ citizenId: string; name: string }>();
  const canWrite = useCan("member:write");

  return (
    <Flex vertical gap={12} data-testid="member-create">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t("member.createTitle", { branch: branch?.name ?? organization.name })}
      </Typography.Title>
      {!isBranch && (
        <Form layout="vertical" component="div">
          <Form.Item
            label={t("members.chooseBranch")}
            required
            validateStatus={branchMissing ? "error" : undefined}
            help={branchMissing ? t("members.chooseBranchHint") : undefined}
            style={{ maxWidth: 480, marginBottom: 0 }}
          >
            <OrganizationSearchSelect
              value={chosenBranch?.id ?? null}
              exclude={(candidate) => candidate.kind !== "branch"}
              placeholder={t("members.chooseBranchHint")}
              onChange={(id, chosen) => {
                setChosenBranch({ id, name: chosen.name });
                setBranchMissing(false);
              }}
              data-testid="member-create-branch"
            />
          </Form.Item>
        </Form>
      )}
      {!isBranch && branchMissing && <Alert type="warning" showIcon title={t("member.createOnlyInBranch")} />}
      {duplicate && branch && canWrite && (
        <DuplicateMemberOffer
          branch={branch}
          citizenId={duplicate.citizenId}
          name={duplicate.name}
          onStarted={(transfer) => navigate(transferPath(organization.id, transfer.id))}
        />
      )}
      <MemberForm
        initialValues={{ idDocumentType: "resident_id_card", politicalStatus: "league_member" }}
        hidden={["organizationId"]}
        submitText={t("common.create")}
        submitting={create.isPending}
        onSubmit={async (values) => {
          if (!branch) {
            setBranchMissing(true);
            return;
          }
          setDuplicate(undefined);
          const member = await create
            .mutateAsync(toCreateBody(toRecordBody(values)))
            .catch((error: unknown) => {
              if (isDuplicateCitizenId(error) && values.citizenId && values.name) {
                setDuplicate({ citizenId: String(values.citizenId), name: String(values.name) });
              }
              throw error;
            });
          message.success(t("member.created"));
          navigate(memberPath(organization.id, member.id));
        }}
        onCancel={() => navigate(organizationPath(organization.id, "members"))}
        data-testid="member-create-form"
      />
    </Flex>
  );
}
