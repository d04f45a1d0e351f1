import { MEMBER_RECORD_FIELD_NAMES, type MemberRecordField } from "@tuanwu/domain";
import { App, Flex, Typography } from "antd";
import { useNavigate, useParams } from "react-router";
import type { MemberDetail } from "../../../api/types";
import { ErrorResult } from "../../../components/ErrorResult";
import { NotFoundPage } from "../../../components/NotFoundPage";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import { memberPath } from "../../../routes/member-routes";
import { parseOrganizationId } from "../../../routes/organization-routes";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { MemberForm } from "../components/MemberForm";
import {
  changedFields,
  type MemberFormValues,
  toRecordBody,
  toUpdateBody,
} from "../components/member-form-values";
import { useMember, useUpdateMember } from "../hooks/use-member";

/** The record as form values. */
function formValuesOf(member: MemberDetail): MemberFormValues {
  return Object.fromEntries(MEMBER_RECORD_FIELD_NAMES.map((field) => [field, member[field]]));
}

/** Locked after verification as the server says, plus citizen ID and phone when they come masked. */
function readOnlyFieldsOf(member: MemberDetail): {
  locked: MemberRecordField[];
  masked: MemberRecordField[];
} {
  const locked = MEMBER_RECORD_FIELD_NAMES.filter((field) =>
    member.lockedFields.some((name) => name === field),
  );
  const masked: MemberRecordField[] = member.personalDataVisible ? [] : ["citizenId", "phone"];
  return { locked: [...new Set([...locked, ...masked])], masked };
}

/** /orgs/:orgId/members/:memberId/edit: the unlocked fields; PATCH sends only what changed. */
export function EditMemberPage() {
  const memberId = parseOrganizationId(useParams().memberId);
  if (memberId === undefined) return <NotFoundPage />;
  return <EditMember memberId={memberId} />;
}

function EditMember({ memberId }: { memberId: number }) {
  const organization = useCurrentOrganization();
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const member = useMember(memberId);
  const update = useUpdateMember(memberId);

  if (member.isPending) return <PageSpinner />;
  if (member.isError) return <ErrorResult error={member.error} onRetry={() => void member.refetch()} />;

  const initialValues = formValuesOf(member.data);
  const { locked, masked } = readOnlyFieldsOf(member.data);
  const back = () => navigate(memberPath(organization.id, memberId));

  return (
    <Flex vertical gap={12} data-testid="member-edit">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t("member.editTitle", { name: member.data.name })}
      </Typography.Title>
      <MemberForm
        initialValues={initialValues}
        hidden={["organizationId"]}
        locked={locked}
        check={{ maskedFields: masked }}
        submitText={t("common.save")}
        submitting={update.isPending}
        onSubmit={async (values) => {
          const before = toRecordBody(initialValues);
          const changes = changedFields(before, toRecordBody(values));
          for (const field of locked) delete changes[field];
          if (Object.keys(changes).length > 0) {
            await update.mutateAsync(toUpdateBody(changes));
            message.success(t("member.saved"));
          }
          back();
        }}
        onCancel={back}
        data-testid="member-edit-form"
      />
    </Flex>
  );
}
