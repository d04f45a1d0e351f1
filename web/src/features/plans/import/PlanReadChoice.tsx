import { TASK_COLUMN_LABELS, TASK_COLUMNS, type TaskColumn } from "@tuanwu/domain";
import { Alert, Button, Card, Flex, InputNumber, Select, Tag, Typography } from "antd";
import { useState } from "react";
import { useT } from "../../../i18n/use-t";
import type { PlanPreview } from "../shared/plan-types";
import type { PlanReadChoice as Choice, TaskColumnIndexes } from "./plan-import-queries";

/** Where the column mapping of an organization's task tables is remembered (by header text). */
function storageKey(organizationId: number): string {
  return `tuanwu.planColumns.${organizationId}`;
}

/** The mapping remembered for this organization, applied to `headers` by header text; null when it does not fit. */
export function rememberedColumns(organizationId: number, headers: string[]): TaskColumnIndexes | null {
  try {
    const stored = JSON.parse(localStorage.getItem(storageKey(organizationId)) ?? "null") as Partial<
      Record<TaskColumn, string>
    > | null;
    if (!stored) return null;
    const mapping: TaskColumnIndexes = {};
    for (const column of TASK_COLUMNS) {
      const header = stored[column];
      if (header === undefined) continue;
      const index = headers.indexOf(header);
      if (index < 0) return null;
      mapping[column] = index;
    }
    return Object.keys(mapping).length > 0 ? mapping : null;
  } catch {
    return null;
  }
}

/** Remember a mapping for this organization, by the header texts it points at. */
export function rememberColumns(organizationId: number, headers: string[], mapping: TaskColumnIndexes): void {
  const byHeader: Partial<Record<TaskColumn, string>> = {};
  for (const column of TASK_COLUMNS) {
    const index = mapping[column];
    const header = index === undefined ? undefined : headers[index];
    if (header) byHeader[column] = header;
  }
  try {
    localStorage.setItem(storageKey(organizationId), JSON.stringify(byHeader));
  } catch {
    // Storage full or disabled: the mapping is simply not remembered.
  }
}

interface PlanReadChoiceProps {
  organizationId: number;
  preview: PlanPreview;
  busy: boolean;
  onReread: (choice: Choice) => void;
}

/**
 * The honest part of the preview (issue 15): the parser's doubts in plain words, the plan-level
 * targets and what was left out (cover letter, attachments), and the choice instead of a silent
 * guess — which heading marker is a task, or which column of a task table holds what (remembered
 * for the organization in this browser).
 */
export function PlanReadChoice({ organizationId, preview, busy, onReread }: PlanReadChoiceProps) {
  const t = useT();
  const table = preview.table;
  const [columns, setColumns] = useState<TaskColumnIndexes>(
    () => (table && (rememberedColumns(organizationId, table.headers) ?? table.mapping)) || {},
  );
  const [headerRow, setHeaderRow] = useState<number>(table?.headerRow ?? 0);
  const [marker, setMarker] = useState<string | undefined>(undefined);
  const offerMarkers =
    !table && preview.markers.length > 0 && (preview.review.unsure || preview.tasks.length === 0);
  const excludedKinds = [...new Set((preview.excluded ?? []).map((part) => part.kind))];

  return (
    <Flex vertical gap={8} data-testid="plan-read-choice">
      {preview.review.unsure && (
        <Alert
          type="warning"
          showIcon
          title={t("planImport.unsure")}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="plan-preview-review">
              {preview.review.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          }
        />
      )}
      {(preview.targets ?? []).length > 0 && (
        <Flex gap={8} wrap align="center" data-testid="plan-preview-plan-targets">
          <Typography.Text strong>{t("planImport.planTargets")}</Typography.Text>
          {(preview.targets ?? []).map((target) => (
            <Tag key={`${target.date}-${target.text}`}>
              {target.date}：{target.value}
              {target.unit}
            </Tag>
          ))}
        </Flex>
      )}
      {excludedKinds.length > 0 && (
        <Typography.Text type="secondary" data-testid="plan-preview-excluded">
          {t("planImport.excluded", {
            parts: excludedKinds.map((kind) => t(`planImport.excluded.${kind}`)).join("、"),
          })}
        </Typography.Text>
      )}
      {table && (
        <Card size="small" title={t("planImport.columnsTitle", { name: table.name ?? "CSV" })}>
          <Flex gap={12} wrap align="end" data-testid="plan-columns">
            {TASK_COLUMNS.map((column) => (
              <Flex key={column} vertical gap={2}>
                <Typography.Text type="secondary">{TASK_COLUMN_LABELS[column]}</Typography.Text>
                <Select<number | -1>
                  style={{ width: 150 }}
                  value={columns[column] ?? -1}
                  onChange={(value) => {
                    const next = { ...columns };
                    if (value === -1) delete next[column];
                    else next[column] = value;
                    setColumns(next);
                  }}
                  options={[
                    { value: -1, label: t("planImport.columnNone") },
                    ...table.headers.map((header, index) => ({
                      value: index,
                      label: `${index + 1}. ${header || "—"}`,
                    })),
                  ]}
                  data-testid={`plan-column-${column}`}
                />
              </Flex>
            ))}
            <Flex vertical gap={2}>
              <Typography.Text type="secondary">{t("planImport.headerRow")}</Typography.Text>
              <InputNumber
                min={1}
                value={headerRow + 1}
                onChange={(value) => setHeaderRow(Math.max(0, (value ?? 1) - 1))}
              />
            </Flex>
            <Button
              loading={busy}
              onClick={() => {
                rememberColumns(organizationId, table.headers, columns);
                // No column chosen: the server reads the chosen header row's words instead.
                const chosen = Object.keys(columns).length > 0;
                onReread({ ...(chosen ? { columns } : {}), headerRow, table: table.index });
              }}
              data-testid="plan-columns-reread"
            >
              {t("planImport.reread")}
            </Button>
          </Flex>
        </Card>
      )}
      {offerMarkers && (
        <Flex gap={8} align="center" wrap>
          <Typography.Text strong>{t("planImport.markerChoice")}</Typography.Text>
          <Select<string>
            style={{ width: 200 }}
            value={marker}
            onChange={setMarker}
            options={preview.markers.map((use) => ({
              value: use.kind,
              label: t("planImport.markerCount", { label: use.label, count: use.count }),
            }))}
            data-testid="plan-marker-choice"
          />
          <Button
            disabled={marker === undefined}
            loading={busy}
            onClick={() => marker && onReread({ taskMarker: marker })}
          >
            {t("planImport.reread")}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
