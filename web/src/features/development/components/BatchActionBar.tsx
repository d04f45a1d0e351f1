import type { DevelopmentAction, DevelopmentState } from "@tuanwu/domain";
import { Alert, Button, Flex, Form, Modal, Select, Tag, Typography } from "antd";
import { useState } from "react";
import { errorMessageOf } from "../../../components/form-errors";
import { useLabels } from "../../../i18n/labels";
import { useT } from "../../../i18n/use-t";
import type { ApplicationListItem, BatchTransitionResult } from "../api/development-types";
import { useBatchTransition } from "../hooks/use-development";
import { ActionFormFields, initialValuesOf, payloadOf } from "./ActionFormFields";
import { batchActionsFrom, DANGER_ACTIONS } from "./action-fields";

/** Where the board's selection is: one column (state), many applications (with the versions seen). */
export interface BoardSelection {
  state: DevelopmentState;
  items: ApplicationListItem[];
}

interface BatchActionBarProps {
  organizationId: number;
  selection: BoardSelection;
  onDone: () => void;
}

/**
 * 批量办理: one step for every selected application of a column (e.g. name 40 candidates at once), the
 * step's form filled once; each application is its own transaction on the server and its result is
 * listed (done, or why not).
 */
export function BatchActionBar({ organizationId, selection, onDone }: BatchActionBarProps) {
  const t = useT();
  const labels = useLabels();
  const actions = batchActionsFrom(selection.state);
  const [action, setAction] = useState<DevelopmentAction | undefined>(actions[0]);
  const [open, setOpen] = useState(false);
  return (
    <>
      <Alert
        type="info"
        data-testid="batch-bar"
        title={
          <Flex gap={8} align="center" wrap>
            <Typography.Text>
              {t("development.batchSelected", {
                count: selection.items.length,
                state: labels.developmentState(selection.state),
              })}
            </Typography.Text>
            <Select<DevelopmentAction>
              value={action}
              onChange={setAction}
              style={{ minWidth: 200 }}
              options={actions.map((candidate) => ({
                value: candidate,
                label: labels.developmentAction(candidate),
              }))}
              data-testid="batch-action"
            />
            <Button type="primary" disabled={!action} onClick={() => setOpen(true)} data-testid="batch-open">
              {t("development.batchRun")}
            </Button>
            <Button onClick={onDone}>{t("development.batchClear")}</Button>
          </Flex>
        }
      />
      {open && action && (
        <BatchActionModal
          organizationId={organizationId}
          action={action}
          selected={selection.items}
          onClose={(done) => {
            setOpen(false);
            if (done) onDone();
          }}
        />
      )}
    </>
  );
}

function BatchActionModal({
  organizationId,
  action,
  selected,
  onClose,
}: {
  organizationId: number;
  action: DevelopmentAction;
  selected: readonly ApplicationListItem[];
  onClose: (done: boolean) => void;
}) {
  const t = useT();
  const labels = useLabels();
  const [form] = Form.useForm<Record<string, unknown>>();
  const batch = useBatchTransition(organizationId);
  const [results, setResults] = useState<BatchTransitionResult[]>();
  const names = new Map(selected.map((item) => [item.id, item.name]));
  const title = `${t("development.batchRun")}：${labels.developmentAction(action)}`;

  const run = (values: Record<string, unknown>) =>
    batch.mutate(
      {
        action,
        items: selected.map((item) => ({ applicationId: item.id, version: item.version })),
        payload: payloadOf(action, values),
      },
      { onSuccess: (answer) => setResults(answer.results) },
    );
  const succeeded = results?.filter((result) => result.ok).length ?? 0;

  return (
    <Modal
      title={title}
      open
      onCancel={() => onClose(results !== undefined)}
      destroyOnHidden
      footer={
        results
          ? [
              <Button key="close" type="primary" onClick={() => onClose(true)} data-testid="batch-close">
                {t("development.batchClose")}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={() => onClose(false)}>
                {t("common.cancel")}
              </Button>,
              <Button
                key="ok"
                type="primary"
                danger={DANGER_ACTIONS.includes(action)}
                loading={batch.isPending}
                onClick={() => form.submit()}
                data-testid="batch-submit"
              >
                {t("development.batchSubmit", { count: selected.length })}
              </Button>,
            ]
      }
    >
      {results ? (
        <Flex vertical gap={8} data-testid="batch-results">
          <Alert
            type={succeeded === results.length ? "success" : "warning"}
            showIcon
            title={t("development.batchSummary", { done: succeeded, failed: results.length - succeeded })}
          />
          <Flex vertical gap={6}>
            {results.map((result) => (
              <Flex key={result.applicationId} vertical gap={2} data-testid="batch-result">
                <Flex gap={8}>
                  <Typography.Text>{names.get(result.applicationId) ?? result.applicationId}</Typography.Text>
                  {result.ok ? (
                    <Tag color="green">{t("development.batchOk")}</Tag>
                  ) : (
                    <Tag color={result.status === 409 ? "orange" : "red"}>
                      {result.status === 409 ? t("development.conflictShort") : t("development.batchFailed")}
                    </Tag>
                  )}
                </Flex>
                {result.failures.map((failure) => (
                  <Typography.Text key={`${failure.field}-${failure.code}`} type="secondary">
                    {failure.message}
                  </Typography.Text>
                ))}
              </Flex>
            ))}
          </Flex>
        </Flex>
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {selected.map((item) => item.name).join("、")}
          </Typography.Paragraph>
          {batch.isError && (
            <Alert
              type="error"
              showIcon
              title={errorMessageOf(batch.error, t("common.error"))}
              style={{ marginBottom: 12 }}
            />
          )}
          <Form
            form={form}
            layout="vertical"
            initialValues={initialValuesOf(action)}
            onFinish={run}
            data-testid="batch-form"
          >
            <ActionFormFields action={action} memberScopeId={organizationId} />
          </Form>
        </>
      )}
    </Modal>
  );
}
