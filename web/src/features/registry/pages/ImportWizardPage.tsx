import { Alert, Button, Flex, Result, Steps, Typography } from "antd";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { organizationPath } from "../../../routes/organization-routes";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import type { ImportResult } from "../api/registry-queries";
import { BranchNameMappingList } from "../components/BranchNameMappingList";
import { BranchNameMappingPanel } from "../components/BranchNameMappingPanel";
import { ImportFileStep } from "../components/ImportFileStep";
import { ImportProblemsTable } from "../components/ImportProblemsTable";
import { useMemberImport } from "../hooks/use-member-import";

/**
 * /orgs/:orgId/import: 1. the template and the file, checked by a dry run; 2. every problem by row and
 * column, or "no problems" — a 所在团支部 matching no branch is listed once per name to map (团支部名称对照,
 * remembered; the dry run re-runs after saving); 3. commit the same file (all rows or none) and the result.
 */
export function ImportWizardPage() {
  const organization = useCurrentOrganization();
  const t = useT();
  const navigate = useNavigate();
  const run = useMemberImport(organization.id);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>();
  const [checked, setChecked] = useState<ImportResult | null>(null);
  const [committed, setCommitted] = useState<ImportResult | null>(null);

  const send = (chosen: File, dryRun: boolean) => {
    setProgress(0);
    run.mutate(
      { file: chosen, dryRun, onProgress: setProgress },
      { onSuccess: (result) => (dryRun ? setChecked(result) : setCommitted(result)) },
    );
  };
  const choose = (chosen: File) => {
    setFile(chosen);
    setChecked(null);
    setCommitted(null);
    send(chosen, true);
  };
  const restart = () => {
    setFile(null);
    setChecked(null);
    setCommitted(null);
    run.reset();
  };

  const step = committed ? 2 : checked ? 1 : 0;
  const canCommit = file !== null && checked !== null && checked.problems.length === 0 && checked.rows > 0;

  return (
    <Flex vertical gap={16} data-testid="import-wizard">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t("import.title", { organization: organization.name })}
        </Typography.Title>
        <Link
          to={`${organizationPath(organization.id, "import")}/organizations`}
          data-testid="import-organizations-link"
        >
          {t("import.organizationsLink")}
        </Link>
      </Flex>
      <Steps
        current={step}
        items={[
          { title: t("import.step.file") },
          { title: t("import.step.check") },
          { title: t("import.step.commit") },
        ]}
      />
      {run.isError && (
        <Alert
          type="error"
          showIcon
          title={errorMessageOf(run.error, t("common.error"))}
          data-testid="import-error"
        />
      )}
      {committed ? (
        <CommitResult
          result={committed}
          onAgain={restart}
          onMembers={() => navigate(organizationPath(organization.id, "members"))}
        />
      ) : (
        <>
          <ImportFileStep file={file} onFile={choose} progress={progress} busy={run.isPending} />
          <BranchNameMappingList organizationId={organization.id} />
          {checked && !run.isPending && checked.unmatchedBranches.length > 0 && file && (
            <BranchNameMappingPanel
              key={checked.unmatchedBranches.map((entry) => entry.name).join("\n")}
              organization={organization}
              unmatched={checked.unmatchedBranches}
              onSaved={() => send(file, true)}
            />
          )}
          {checked && !run.isPending && <ImportProblemsTable result={checked} />}
          {checked && (
            <Flex gap={8} justify="end">
              <Button onClick={restart}>{t("import.restart")}</Button>
              <Button
                type="primary"
                disabled={!canCommit || run.isPending}
                loading={run.isPending && step === 1}
                onClick={() => file && send(file, false)}
                data-testid="import-commit"
              >
                {t("import.commit", { rows: checked.rows })}
              </Button>
            </Flex>
          )}
        </>
      )}
    </Flex>
  );
}

function CommitResult({
  result,
  onAgain,
  onMembers,
}: {
  result: ImportResult;
  onAgain: () => void;
  onMembers: () => void;
}) {
  const t = useT();
  if (result.problems.length > 0) {
    return (
      <Flex vertical gap={12} data-testid="import-result">
        <Alert type="error" showIcon title={t("import.commitFailed")} />
        <ImportProblemsTable result={result} />
        <Flex justify="end">
          <Button onClick={onAgain}>{t("import.restart")}</Button>
        </Flex>
      </Flex>
    );
  }
  return (
    <Result
      status="success"
      title={t("import.done", { imported: result.imported })}
      extra={[
        <Button key="members" type="primary" onClick={onMembers}>
          {t("import.toMembers")}
        </Button>,
        <Button key="again" onClick={onAgain}>
          {t("import.again")}
        </Button>,
      ]}
      data-testid="import-result"
    />
  );
}
