import { Alert, Button, Card, Flex, Input, InputNumber, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { isApiError } from "../../../api/errors";
import { useT } from "../../../i18n/use-t";
import { type SheetItem, type StarRatingSheet, usePutSheet } from "./star-rating-api";
import { totalOf } from "./star-rating-view";

interface SheetCardProps {
  organizationId: number;
  year: number;
  sheet: StarRatingSheet | undefined;
  loading: boolean;
  /** A committee holding member:write edits its sheet (applies to its subtree); the server decides. */
  editable: boolean;
}

/** The scoring sheet 评分细则 in force (own / the committee above's / default); a committee edits it. */
export function SheetCard({ organizationId, year, sheet, loading, editable }: SheetCardProps) {
  const t = useT();
  const save = usePutSheet(organizationId, year);
  const [draft, setDraft] = useState<SheetItem[] | null>(null);
  const items = draft ?? sheet?.items ?? [];
  const source = !sheet
    ? null
    : sheet.isDefault
      ? t("starRating.sheetDefault")
      : sheet.ownerOrganizationId === organizationId
        ? t("starRating.sheetOwn")
        : t("starRating.sheetInherited");
  const fieldError = save.error && isApiError(save.error) ? save.error.field : undefined;
  const rowError = (index: number, field: string) =>
    fieldError === `items.${index}.${field}` ? ("error" as const) : undefined;
  const change = (index: number, patch: Partial<SheetItem>) =>
    setDraft(items.map((item, at) => (at === index ? { ...item, ...patch } : item)));

  return (
    <Card
      size="small"
      title={t("starRating.sheet")}
      extra={source && <Tag>{source}</Tag>}
      data-testid="star-rating-sheet"
    >
      <Flex vertical gap={8}>
        <Table<SheetItem>
          size="small"
          rowKey={(_, index) => String(index)}
          loading={loading}
          dataSource={items}
          pagination={false}
          scroll={{ x: true }}
          columns={
            draft
              ? [
                  {
                    title: t("starRating.itemKey"),
                    render: (_, item, index) => (
                      <Input
                        value={item.key}
                        status={rowError(index, "key")}
                        onChange={(event) => change(index, { key: event.target.value })}
                        aria-label={`${t("starRating.itemKey")} ${index + 1}`}
                        style={{ width: 120 }}
                      />
                    ),
                  },
                  {
                    title: t("starRating.item"),
                    render: (_, item, index) => (
                      <Input
                        value={item.label}
                        status={rowError(index, "label")}
                        onChange={(event) => change(index, { label: event.target.value })}
                        aria-label={`${t("starRating.item")} ${index + 1}`}
                      />
                    ),
                  },
                  {
                    title: t("starRating.maxPoints"),
                    render: (_, item, index) => (
                      <InputNumber
                        min={0}
                        max={100}
                        value={item.maxPoints}
                        status={rowError(index, "maxPoints")}
                        onChange={(value) => change(index, { maxPoints: Number(value ?? 0) })}
                        aria-label={`${t("starRating.maxPoints")} ${index + 1}`}
                      />
                    ),
                  },
                  {
                    render: (_, _item, index) => (
                      <Button
                        size="small"
                        danger
                        onClick={() => setDraft(items.filter((_, at) => at !== index))}
                      >
                        {t("starRating.removeItem")}
                      </Button>
                    ),
                  },
                ]
              : [
                  { title: t("starRating.item"), dataIndex: "label" },
                  { title: t("starRating.maxPoints"), dataIndex: "maxPoints", align: "right" },
                ]
          }
        />
        <Typography.Text type="secondary" data-testid="star-rating-sheet-total">
          {t("starRating.total", {
            total: totalOf(Object.fromEntries(items.map((item, index) => [index, item.maxPoints]))),
          })}
        </Typography.Text>
        {save.error && (
          <Alert type="error" showIcon title={save.error.message} data-testid="star-rating-sheet-error" />
        )}
        {save.isSuccess && !draft && <Alert type="success" showIcon title={t("starRating.sheetSaved")} />}
        {editable && (
          <Space wrap>
            {draft ? (
              <>
                <Button
                  onClick={() =>
                    setDraft([...items, { key: `item_${items.length + 1}`, label: "", maxPoints: 0 }])
                  }
                >
                  {t("starRating.addItem")}
                </Button>
                <Button
                  type="primary"
                  loading={save.isPending}
                  onClick={() => save.mutate(items, { onSuccess: () => setDraft(null) })}
                  data-testid="star-rating-sheet-save"
                >
                  {t("starRating.saveSheet")}
                </Button>
                <Button
                  onClick={() => {
                    setDraft(null);
                    save.reset();
                  }}
                >
                  {t("starRating.cancel")}
                </Button>
              </>
            ) : (
              <Button
                onClick={() => setDraft(sheet?.items ?? [])}
                disabled={!sheet}
                data-testid="star-rating-sheet-edit"
              >
                {t("starRating.editSheet")}
              </Button>
            )}
          </Space>
        )}
      </Flex>
    </Card>
  );
}
