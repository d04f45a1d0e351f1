import { Alert, App, Button, Flex, Select, Table, type TableColumnsType } from "antd";
import { useState } from "react";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { OrganizationSearchSelect } from "../../organizations/components/OrganizationSearchSelect";
import type { BranchNameMappingInput } from "../api/organization-import-queries";
import type { ImportResult } from "../api/registry-queries";
import { useSaveBranchNameMappings } from "../hooks/use-organization-import";

type Unmatched = ImportResult["unmatchedBranches"][number];
/** A choice for one name: a branch id, "create" (under the organization imported into), "other" (search). */
type Choice = { branchId: number } | { create: true } | { other: number | null };

const CREATE = "create";
const OTHER = "other";

/**
 * The 所在团支部 names that matched no branch, once per name with its row count and the most similar
 * branches; the user maps each to a branch (or "create it under …") and saves; `onSaved` re-runs the
 * dry run. The mapping is remembered for the organization (团支部名称对照).
 */
export function BranchNameMappingPanel({
  organization,
  unmatched,
  onSaved,
}: {
  organization: { id: number; name: string };
  unmatched: readonly Unmatched[];
  onSaved: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const save = useSaveBranchNameMappings(organization.id);
  const [choices, setChoices] = useState<Record<string, Choice>>(() =>
    Object.fromEntries(
      unmatched.flatMap((entry) =>
        entry.candidates[0] && entry.candidates[0].score >= 0.6 && entry.candidates.length > 0
          ? [[entry.name, { branchId: entry.candidates[0].id }]]
          : [],
      ),
    ),
  );
  const chosen: BranchNameMappingInput[] = unmatched.flatMap((entry): BranchNameMappingInput[] => {
    const choice = choices[entry.name];
    if (!choice) return [];
    if ("branchId" in choice) return [{ sourceName: entry.name, branchId: choice.branchId }];
    if ("create" in choice) return [{ sourceName: entry.name, createUnderId: organization.id }];
    return choice.other === null ? [] : [{ sourceName: entry.name, branchId: choice.other }];
  });

  const submit = () =>
    save.mutate(chosen, {
      onSuccess: () => {
        message.success(t("import.mapping.saved", { count: chosen.length }));
        onSaved();
      },
      onError: (error) => message.error(errorMessageOf(error, t("common.error"))),
    });

  const columns: TableColumnsType<Unmatched> = [
    { key: "name", title: t("import.mapping.name"), dataIndex: "name" },
    { key: "rows", title: t("import.mapping.rows"), dataIndex: "rows", width: 80, align: "right" },
    {
      key: "target",
      title: t("import.mapping.target"),
      width: 380,
      render: (_, entry) => {
        const choice = choices[entry.name];
        const value =
          choice === undefined
            ? undefined
            : "branchId" in choice
              ? choice.branchId
              : "create" in choice
                ? CREATE
                : OTHER;
        return (
          <Flex vertical gap={4}>
            <Select<number | string>
              style={{ width: "100%" }}
              value={value}
              placeholder={t("import.mapping.candidates")}
              onChange={(next) =>
                setChoices((current) => ({
                  ...current,
                  [entry.name]:
                    next === CREATE
                      ? { create: true }
                      : next === OTHER
                        ? { other: null }
                        : { branchId: Number(next) },
                }))
              }
              options={[
                ...entry.candidates.map((candidate) => ({
                  value: candidate.id,
                  label: `${candidate.name}（${candidate.code}，${Math.round(candidate.score * 100)}%）`,
                })),
                { value: OTHER, label: t("import.mapping.other") },
                { value: CREATE, label: t("import.mapping.create", { organization: organization.name }) },
              ]}
              data-testid="mapping-choice"
            />
            {choice !== undefined && "other" in choice && (
              <OrganizationSearchSelect
                value={choice.other}
                exclude={(candidate) => candidate.kind !== "branch"}
                onChange={(id) => setChoices((current) => ({ ...current, [entry.name]: { other: id } }))}
              />
            )}
          </Flex>
        );
      },
    },
  ];

  return (
    <Flex vertical gap={8} data-testid="branch-name-mapping">
      <Alert
        type="warning"
        showIcon
        title={t("import.mapping.title", { count: unmatched.length })}
        description={t("import.mapping.hint")}
      />
      <Table<Unmatched>
        rowKey="name"
        size="small"
        columns={columns}
        dataSource={[...unmatched]}
        pagination={false}
      />
      <Flex justify="end">
        <Button
          type="primary"
          disabled={chosen.length === 0}
          loading={save.isPending}
          onClick={submit}
          data-testid="mapping-save"
        >
          {t("import.mapping.save")}
        </Button>
      </Flex>
    </Flex>
  );
}
