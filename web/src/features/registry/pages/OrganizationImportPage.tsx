import { Alert, Button, Flex, Result, Select, Table, type TableColumnsType, Tag, Typography } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { FileDropZone } from "../../../components/FileDropZone";
import { errorMessageOf } from "../../../components/form-errors";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import { organizationPath } from "../../../routes/organization-routes";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import type { OrganizationImportResult } from "../api/organization-import-queries";
import { ImportProblemsTable } from "../components/ImportProblemsTable";
import { useOrganizationImport } from "../hooks/use-organization-import";

type Entry = OrganizationImportResult["entries"][number];
type Resolutions = Record<number, number | "new">;

const STATUS_COLORS = { matched: "green", new: "blue", ambiguous: "orange" } as const;

/**
 * /orgs/:orgId/import/organizations: the national registry's organization list (智慧团建): 1. the file,
 * checked by a dry run; 2. every row as matched / new / ambiguous — the user confirms each ambiguous
 * row (one of the candidates, or new) and sees every problem; 3. commit (all rows or none).
 */
export function OrganizationImportPage() {
  const organization = useCurrentOrganization();
  const t = useT();
  const labels = useLabels();
  const navigate = useNavigate();
  const run = useOrganizationImport(organization.id);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>();
  const [checked, setChecked] = useState<OrganizationImportResult | null>(null);
  const [committed, setCommitted] = useState<OrganizationImportResult | null>(null);
  const [resolutions, setResolutions] = useState<Resolutions>({});

  const send = (chosen: File, dryRun: boolean, choices: Resolutions) => {
    setProgress(0);
    run.mutate(
      { file: chosen, dryRun, resolutions: choices, onProgress: setProgress },
      {
        onSuccess: (result) => {
          if (dryRun || result.problems.length > 0 || result.ambiguous > 0) setChecked(result);
          else setCommitted(result);
        },
      },
    );
  };
  const choose = (chosen: File) => {
    setFile(chosen);
    setChecked(null);
    setCommitted(null);
    setResolutions({});
    send(chosen, true, {});
  };
  const unresolved = (checked?.entries ?? []).filter(
    (entry) => entry.status === "ambiguous" && resolutions[entry.row] === undefined,
  ).length;
  const canCommit = file !== null && checked !== null && checked.problems.length === 0 && unresolved === 0;

  const columns: TableColumnsType<Entry> = [
    { key: "row", title: t("import.row"), dataIndex: "row", width: 70, align: "right" },
    { key: "name", title: t("orgImport.name"), dataIndex: "name" },
    { key: "kind", title: t("orgImport.kind"), width: 90, render: (_, entry) => labels.kind(entry.kind) },
    {
      key: "status",
      title: t("orgImport.status"),
      width: 100,
      filters: (["matched", "new", "ambiguous"] as const).map((status) => ({
        text: t(`orgImport.status.${status}`),
        value: status,
      })),
      onFilter: (value, entry) => entry.status === value,
      render: (_, entry) => (
        <Tag color={STATUS_COLORS[entry.status]}>{t(`orgImport.status.${entry.status}`)}</Tag>
      ),
    },
    {
      key: "target",
      title: t("orgImport.target"),
      width: 380,
      render: (_, entry) => {
        if (entry.status === "matched")
          return `${entry.organization?.name ?? ""}（${entry.organization?.code ?? ""}）`;
        if (entry.status === "new") return entry.parentName ?? "";
        return (
          <Select<number | "new">
            style={{ width: "100%" }}
            placeholder={t("orgImport.choice")}
            value={resolutions[entry.row]}
            onChange={(value) => setResolutions((current) => ({ ...current, [entry.row]: value }))}
            options={[
              ...entry.candidates.map((candidate) => ({
                value: candidate.id,
                label: `${candidate.name}（${candidate.code}）`,
              })),
              { value: "new" as const, label: t("orgImport.chooseNew") },
            ]}
            data-testid="organization-choice"
          />
        );
      },
    },
  ];

  if (committed) {
    return (
      <Result
        status="success"
        title={t("orgImport.done", { created: committed.created, matched: committed.matched })}
        extra={
          <Button type="primary" onClick={() => navigate(organizationPath(organization.id, "children"))}>
            {t("tabs.children")}
          </Button>
        }
        data-testid="organization-import-result"
      />
    );
  }
  const newRows = checked ? checked.entries.filter((entry) => entry.status === "new").length : 0;
  return (
    <Flex vertical gap={16} data-testid="organization-import">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t("orgImport.title", { organization: organization.name })}
      </Typography.Title>
      <Typography.Text type="secondary">{t("orgImport.hint")}</Typography.Text>
      {run.isError && <Alert type="error" showIcon title={errorMessageOf(run.error, t("common.error"))} />}
      <FileDropZone
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        fileName={file?.name}
        onFile={choose}
        progress={progress}
        busy={run.isPending}
        texts={{
          choose: t("orgImport.choose"),
          hint: t("import.chooseHint"),
          uploading: t("import.uploading"),
          processing: t("import.checking"),
        }}
        data-testid="organization-import-file"
        progressTestId="organization-import-progress"
      />
      {checked && !run.isPending && (
        <>
          <Alert
            type={checked.ambiguous > 0 ? "warning" : "info"}
            showIcon
            title={t("orgImport.summary", {
              rows: checked.rows,
              matched: checked.matched,
              created: newRows,
              ambiguous: checked.ambiguous,
            })}
          />
          {checked.problems.length > 0 && <ImportProblemsTable result={checked} />}
          <Table<Entry>
            rowKey="row"
            size="small"
            columns={columns}
            dataSource={checked.entries}
            pagination={{ pageSize: 50, showSizeChanger: false }}
          />
          <Flex gap={8} justify="end" align="center">
            {unresolved > 0 && (
              <Typography.Text type="warning">
                {t("orgImport.needChoices", { count: unresolved })}
              </Typography.Text>
            )}
            <Button
              type="primary"
              disabled={!canCommit || run.isPending}
              onClick={() => file && send(file, false, resolutions)}
              data-testid="organization-import-commit"
            >
              {t("orgImport.commit")}
            </Button>
          </Flex>
        </>
      )}
    </Flex>
  );
}
