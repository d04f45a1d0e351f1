import { Alert, Flex, Table, type TableColumnsType, Typography } from "antd";
import type { ImportProblem } from "../../../api/types";
import { useT } from "../../../i18n/use-t";
import type { ImportResult } from "../api/registry-queries";

type KeyedProblem = ImportProblem & { key: number };

/** Step 2: every problem by row and column, with counts; or "no problems: N rows". */
export function ImportProblemsTable({
  result,
}: {
  result: Pick<ImportResult, "rows" | "problems"> & Record<string, unknown>;
}) {
  const t = useT();
  const problemRows = new Set(result.problems.map((problem) => problem.row)).size;

  const columns: TableColumnsType<KeyedProblem> = [
    {
      key: "row",
      title: t("import.row"),
      dataIndex: "row",
      width: 80,
      align: "right",
      sorter: (a, b) => a.row - b.row,
    },
    { key: "column", title: t("import.column"), dataIndex: "column", width: 160 },
    {
      key: "value",
      title: t("import.value"),
      width: 200,
      render: (_, problem) => (
        <Typography.Text code ellipsis style={{ maxWidth: 180 }}>
          {problem.value === null || problem.value === "" ? "—" : String(problem.value)}
        </Typography.Text>
      ),
    },
    { key: "message", title: t("import.message"), dataIndex: "message" },
  ];

  if (result.problems.length === 0 && result.rows === 0) {
    // An empty sheet has no problem, but nothing to import either: not a green "no problems, 0 rows".
    return <Alert type="warning" showIcon title={t("import.noRows")} data-testid="import-problems" />;
  }
  if (result.problems.length === 0) {
    return (
      <Alert
        type="success"
        showIcon
        title={t("import.noProblems", { rows: result.rows })}
        data-testid="import-problems"
      />
    );
  }
  return (
    <Flex vertical gap={8} data-testid="import-problems">
      <Alert
        type="error"
        showIcon
        title={t("import.problemCount", { problems: result.problems.length, problemRows, rows: result.rows })}
        description={t("import.fixAndRetry")}
      />
      <Table<KeyedProblem>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={result.problems.map((problem, index) => ({ ...problem, key: index }))}
        pagination={{
          pageSize: 50,
          showSizeChanger: false,
          showTotal: (total) => t("common.total", { total }),
        }}
      />
    </Flex>
  );
}
