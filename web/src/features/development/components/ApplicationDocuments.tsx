import { DownloadOutlined, UserAddOutlined } from "@ant-design/icons";
import type { DevelopmentState } from "@tuanwu/domain";
import { Alert, Button, Flex, Modal, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { memberPath } from "../../../routes/member-routes";
import type { ApplicationDetail } from "../api/development-types";
import { useDownloadApplicationForm, useIssueApplicantAccount } from "../hooks/use-development";

/** From being a development target on, the 入团志愿书 exists (the committee issues it at the pre-check). */
const FORM_STATES: readonly DevelopmentState[] = [
  "development_target",
  "sponsored",
  "branch_voted",
  "approved",
  "admitted",
  "archived",
];

/**
 * The application's papers and account: the pre-filled 入团志愿书 (.docx); the applicant's account
 * (role 团员, a one-time password shown once) when they have none; once admitted, the member's page,
 * where the signed form is uploaded for verification.
 */
export function ApplicationDocuments({ detail, canWrite }: { detail: ApplicationDetail; canWrite: boolean }) {
  const t = useT();
  const download = useDownloadApplicationForm(detail.id);
  const issue = useIssueApplicantAccount(detail.id);
  const [account, setAccount] = useState<{ username: string; oneTimePassword: string }>();
  const error = download.error ?? issue.error;
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap>
        {FORM_STATES.includes(detail.state) && (
          <Button
            icon={<DownloadOutlined />}
            loading={download.isPending}
            onClick={() => download.mutate()}
            data-testid="application-form-download"
          >
            {t("development.applicationForm")}
          </Button>
        )}
        {canWrite && detail.applicantUserId === null && !detail.closed && (
          <Button
            icon={<UserAddOutlined />}
            loading={issue.isPending}
            onClick={() => issue.mutate(undefined, { onSuccess: setAccount })}
            data-testid="application-issue-account"
          >
            {t("development.issueAccount")}
          </Button>
        )}
        {detail.memberId !== null && (
          <Link
            to={memberPath(detail.organizationId, detail.memberId, "attachments")}
            data-testid="application-member-link"
          >
            {t("development.memberRecord")}
          </Link>
        )}
      </Flex>
      {error && <Alert type="error" showIcon title={errorMessageOf(error, t("common.error"))} />}
      <Modal
        open={account !== undefined}
        title={t("development.accountIssued")}
        onCancel={() => setAccount(undefined)}
        footer={
          <Button type="primary" onClick={() => setAccount(undefined)}>
            {t("development.batchClose")}
          </Button>
        }
      >
        {account && (
          <Flex vertical gap={8} data-testid="application-account">
            <Typography.Text>
              {t("development.accountUsername")}：
              <Typography.Text copyable>{account.username}</Typography.Text>
            </Typography.Text>
            <Typography.Text>
              {t("development.accountPassword")}：
              <Typography.Text copyable code>
                {account.oneTimePassword}
              </Typography.Text>
            </Typography.Text>
            <Typography.Text type="secondary">{t("development.accountHint")}</Typography.Text>
          </Flex>
        )}
      </Modal>
    </Flex>
  );
}
