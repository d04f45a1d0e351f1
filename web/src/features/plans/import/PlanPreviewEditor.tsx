import { Alert, Collapse, Flex, Input, Select, Table, type TableColumnsType, Tag, Typography } from "antd";
import { DateStringPicker } from "../../../components/DateStringPicker";
import { useT } from "../../../i18n/use-t";
import { DeadlineCell } from "../shared/DeadlineCell";
import type { ParsedPlanTask } from "../shared/plan-types";
import {
  correctTask,
  type DraftFieldError,
  type EditableTaskField,
  type PlanImportDraft,
} from "./plan-import-draft";

interface PlanPreviewEditorProps {
  draft: PlanImportDraft;
  onChange: (draft: PlanImportDraft) => void;
  /** Why the plan cannot be imported as it is (the preview's message), else null. */
  message: string | null;
  /** The field the server's last error named, marked in red. */
  errorField: DraftFieldError | undefined;
}

/**
 * Step 2 of the plan import: the parsed plan, corrected in place — title, each task's title, units
 * (the first leads), deadline and the deadline's words; phases with their dates, targets per task, and
 * the text the parser could not place.
 */
export function PlanPreviewEditor({ draft, onChange, message, errorField }: PlanPreviewEditorProps) {
  const t = useT();
  const flagged = draft.tasks.filter((task) => task.deadline === null && task.deadlineFlagged).length;

  const setTask = <Field extends EditableTaskField>(
    index: number,
    field: Field,
    value: ParsedPlanTask[Field],
  ) =>
    onChange({
      ...draft,
      tasks: draft.tasks.map((task, position) =>
        position === index ? correctTask(task, field, value) : task,
      ),
    });
  const statusOf = (index: number, name: string) =>
    errorField?.taskIndex === index && errorField.name === name ? "error" : undefined;

  const columns: TableColumnsType<ParsedPlanTask> = [
    { title: t("plans.number"), dataIndex: "number", width: 64, fixed: "left" },
    {
      title: t("planImport.rule"),
      key: "rule",
      width: 130,
      render: (_, task) =>
        task.rule ? (
          <Tag
            color={task.rule === "heading" || task.rule === "sibling" ? "orange" : undefined}
            data-testid="plan-preview-task-rule"
          >
            {t(`planImport.rule.${task.rule}`)}
          </Tag>
        ) : (
          "—"
        ),
    },
    {
      title: t("plans.path"),
      dataIndex: "path",
      width: 200,
      render: (path: string[]) => (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {path.join(" › ")}
        </Typography.Text>
      ),
    },
    {
      title: t("plans.task"),
      key: "title",
      width: 260,
      render: (_, task, index) => (
        <Input.TextArea
          value={task.title}
          autoSize={{ minRows: 1, maxRows: 4 }}
          maxLength={500}
          status={statusOf(index, "title")}
          onChange={(event) => setTask(index, "title", event.target.value)}
          data-testid="plan-preview-task-title"
        />
      ),
    },
    {
      title: t("plans.units"),
      key: "units",
      width: 280,
      render: (_, task, index) => (
        <Select
          mode="tags"
          style={{ width: "100%" }}
          value={task.units}
          status={statusOf(index, "units") ?? statusOf(index, "leadUnit")}
          placeholder={t("planImport.unitsPlaceholder")}
          tokenSeparators={["、", "，", ","]}
          open={false}
          suffixIcon={null}
          onChange={(units: string[]) => setTask(index, "units", units)}
          tagRender={({ label, value, closable, onClose }) => (
            <Tag
              color={value === task.units[0] ? "red" : undefined}
              closable={closable}
              onClose={onClose}
              style={{ marginInlineEnd: 4 }}
            >
              {label}
              {value === task.units[0] ? `（${t("plans.lead")}）` : ""}
            </Tag>
          )}
          data-testid="plan-preview-task-units"
        />
      ),
    },
    {
      title: t("plans.deadline"),
      key: "deadline",
      width: 180,
      render: (_, task, index) => (
        <Flex vertical gap={4}>
          <DateStringPicker
            value={task.deadline}
            onChange={(value) => setTask(index, "deadline", value)}
            data-testid="plan-preview-task-deadline"
          />
          {task.deadline === null && (
            <DeadlineCell deadline={null} deadlineText={null} flagged={task.deadlineFlagged} />
          )}
          {task.deadlineRecurring && <Tag>{t(`plans.deadlineRecurring.${task.deadlineRecurring}`)}</Tag>}
        </Flex>
      ),
    },
    {
      title: t("plans.deadlineText"),
      key: "deadlineText",
      width: 170,
      render: (_, task, index) => (
        <Input
          value={task.deadlineText ?? ""}
          maxLength={500}
          status={statusOf(index, "deadlineText")}
          onChange={(event) => setTask(index, "deadlineText", event.target.value || null)}
        />
      ),
    },
    {
      title: t("plans.targets"),
      key: "targets",
      width: 200,
      render: (_, task) =>
        task.targets.length === 0 ? (
          "—"
        ) : (
          <Flex vertical gap={2}>
            {task.targets.map((target) => (
              <Typography.Text key={`${target.date}-${target.text}`} style={{ fontSize: 12 }}>
                {target.date}：{target.value}
                {target.unit}
              </Typography.Text>
            ))}
          </Flex>
        ),
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="plan-preview">
      {message && <Alert type="warning" showIcon title={message} data-testid="plan-preview-message" />}
      <Flex gap={8} align="center">
        <Typography.Text strong style={{ whiteSpace: "nowrap" }}>
          {t("planImport.planTitle")}
        </Typography.Text>
        <Input
          value={draft.title}
          maxLength={500}
          status={errorField?.taskIndex === undefined && errorField?.name === "title" ? "error" : undefined}
          onChange={(event) => onChange({ ...draft, title: event.target.value })}
          data-testid="plan-preview-title"
        />
      </Flex>
      <Typography.Text type="secondary" data-testid="plan-preview-summary">
        {t("planImport.summary", {
          tasks: draft.tasks.length,
          phases: draft.phases.length,
          flagged,
          unplaced: draft.unplaced.length,
        })}
      </Typography.Text>
      <Flex gap={8} wrap align="center" data-testid="plan-preview-phases">
        <Typography.Text strong>{t("plans.phases")}</Typography.Text>
        {draft.phases.length === 0 ? (
          <Typography.Text type="secondary">{t("planImport.noPhases")}</Typography.Text>
        ) : (
          draft.phases.map((phase) => (
            <Tag key={phase.name}>
              {phase.name}：{phase.start ?? "?"} — {phase.end ?? "?"}
            </Tag>
          ))
        )}
      </Flex>
      <Table<ParsedPlanTask>
        size="small"
        rowKey="number"
        columns={columns}
        dataSource={draft.tasks}
        pagination={false}
        scroll={{ x: 1480, y: 560 }}
        rowClassName={(_, index) => (errorField?.taskIndex === index ? "ant-table-row-selected" : "")}
        expandable={{
          expandedRowRender: (task) => (
            <Typography.Paragraph style={{ margin: 0, whiteSpace: "pre-wrap" }}>
              {task.text}
            </Typography.Paragraph>
          ),
        }}
        data-testid="plan-preview-tasks"
      />
      {draft.unplaced.length > 0 && (
        <Collapse
          size="small"
          items={[
            {
              key: "unplaced",
              label: t("planImport.unplaced", { count: draft.unplaced.length }),
              children: (
                <Flex vertical gap={8} data-testid="plan-preview-unplaced">
                  <Typography.Text type="secondary">{t("planImport.unplacedHint")}</Typography.Text>
                  <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                    {draft.unplaced.map((text, index) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: passages may repeat; the list never reorders
                      <li key={index}>
                        <Typography.Text style={{ whiteSpace: "pre-wrap" }}>{text}</Typography.Text>
                      </li>
                    ))}
                  </ol>
                </Flex>
              ),
            },
          ]}
        />
      )}
    </Flex>
  );
}
