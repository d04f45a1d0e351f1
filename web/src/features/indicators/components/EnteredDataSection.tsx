import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  type FormInstance,
  type FormListFieldData,
  Table,
  type TableColumnsType,
} from "antd";
import { useEffect, useState } from "react";
import { isApiError } from "../../../api/errors";
import { ErrorResult } from "../../../components/ErrorResult";
import { errorMessageOf } from "../../../components/form-errors";
import { PageSpinner } from "../../../components/PageSpinner";
import { useT } from "../../../i18n/use-t";
import type { EnteredDataEntries, EnteredDataPath } from "../api/indicator-types";
import { useEnteredData, useSaveEnteredData } from "../hooks/use-indicators";
import { EnteredFieldInput } from "./EnteredFieldInput";
import { ENTERED_DATA_TABLES, entryFieldPath, pickFields } from "./entered-data-fields";

interface EnteredDataSectionProps<Path extends EnteredDataPath> {
  organizationId: number;
  path: Path;
  canWrite: boolean;
}

interface EntriesForm<Path extends EnteredDataPath> {
  entries: EnteredDataEntries[Path][];
}

/**
 * One kind of entered data as an editable table: add, change or remove rows and save them together.
 * The server's error on a row's field shows on that cell; others above the table.
 */
export function EnteredDataSection<Path extends EnteredDataPath>({
  organizationId,
  path,
  canWrite,
}: EnteredDataSectionProps<Path>) {
  const t = useT();
  const { message } = App.useApp();
  const spec = ENTERED_DATA_TABLES[path];
  const [form] = Form.useForm<EntriesForm<Path>>();
  const data = useEnteredData(organizationId, path);
  const save = useSaveEnteredData(organizationId, path);
  const [formError, setFormError] = useState<string>();

  useEffect(() => {
    if (data.data) form.setFieldsValue({ entries: data.data.entries });
  }, [data.data, form]);

  const onFinish = ({ entries }: EntriesForm<Path>) => {
    setFormError(undefined);
    // Only the columns go back: the answer's enteredBy and enteredAt are the server's to set.
    const body = (entries ?? []).map((entry) => pickFields(entry, spec.fields));
    save.mutate(body, {
      onSuccess: () => message.success(t("entered.saved")),
      onError: (error) => {
        const fieldPath = entryFieldPath(isApiError(error) ? error.field : undefined);
        const text = errorMessageOf(error, t("common.error"));
        const fieldError: Parameters<FormInstance["setFields"]>[0] = fieldPath
          ? [{ name: fieldPath, errors: [text] }]
          : [];
        if (fieldPath) form.setFields(fieldError);
        else setFormError(text);
      },
    });
  };

  const columns = (remove: (index: number) => void): TableColumnsType<FormListFieldData> => [
    ...spec.fields.map((field) => ({
      title: t(field.label),
      key: field.name,
      render: (_: unknown, row: FormListFieldData) => (
        <Form.Item
          name={[row.name, field.name]}
          rules={[
            field.kind === "text"
              ? { required: true, whitespace: true, message: t("common.required") }
              : { required: true, message: t("common.required") },
          ]}
          style={{ margin: 0 }}
        >
          <EnteredFieldInput kind={field.kind} aria-label={t(field.label)} />
        </Form.Item>
      ),
    })),
    ...(canWrite
      ? [
          {
            title: "",
            key: "remove",
            width: 48,
            render: (_: unknown, row: FormListFieldData) => (
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t("entered.remove")}
                onClick={() => remove(row.name)}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <Card size="small" title={t(spec.title)} data-testid={`entered-${path}`}>
      {data.isPending && <PageSpinner />}
      {data.isError && <ErrorResult error={data.error} onRetry={() => void data.refetch()} />}
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form hidden={!data.isSuccess} form={form} onFinish={onFinish} disabled={!canWrite || save.isPending}>
        <Form.List name="entries">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              <Table<FormListFieldData>
                size="small"
                rowKey="key"
                columns={columns(remove)}
                dataSource={fields}
                pagination={false}
                locale={{ emptyText: t("entered.empty") }}
              />
              {canWrite && (
                <Flex justify="space-between">
                  <Button icon={<PlusOutlined />} onClick={() => add({ source: "" })}>
                    {t("entered.add")}
                  </Button>
                  <Button type="primary" htmlType="submit" loading={save.isPending}>
                    {t("common.save")}
                  </Button>
                </Flex>
              )}
            </Flex>
          )}
        </Form.List>
      </Form>
    </Card>
  );
}
