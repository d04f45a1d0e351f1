import { useQuery } from "@tanstack/react-query";
import { TERM_BODIES, TERM_BODY_LABELS } from "@tuanwu/domain";
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { DateStringPicker, todayIso } from "../../../components/DateStringPicker";
import { useT } from "../../../i18n/use-t";
import {
  cadresQuery,
  createTerm,
  createTrainingRound,
  type ElectionBody,
  expiringTermsQuery,
  type OrganizationTerm,
  putAttendance,
  recordElection,
  type TermCreateBody,
  type TrainingRound,
  type TrainingRoundBody,
  termsQuery,
  trainingRoundsQuery,
  untrainedQuery,
} from "../api/cadre-queries";
import { FormModal } from "./FormModal";

const STATE_COLORS: Record<string, string> = {
  expiring: "orange",
  expired: "red",
  current: "green",
  upcoming: "blue",
};

/** Terms 换届: the expiring reminder list, every term with its composition check, adding one, the election. */
export function TermsPanel({ organizationId, canWrite }: { organizationId: number; canWrite: boolean }) {
  const t = useT();
  const terms = useQuery(termsQuery(organizationId));
  const expiring = useQuery(expiringTermsQuery(organizationId));
  const [adding, setAdding] = useState(false);
  const [electing, setElecting] = useState<OrganizationTerm>();
  const { message } = App.useApp();
  const expiringItems = expiring.data?.items ?? [];
  // The bodies in office short of their grassroots and front-line minimum (Wangcang task 6): a warning.
  const shortItems = (terms.data?.items ?? []).filter((term) => !term.succeeded && term.composition.warning);
  return (
    <Flex vertical gap={12} data-testid="cadres-terms">
      {expiringItems.length > 0 && (
        <Alert
          type="warning"
          showIcon
          message={t("terms.expiringCount", { count: expiringItems.length })}
          description={expiringItems
            .map((term) => `${term.organizationName} ${term.bodyLabel} ${t("terms.endsOn")} ${term.endsOn}`)
            .join("；")}
          data-testid="terms-expiring"
        />
      )}
      {shortItems.length > 0 && (
        <Alert
          type="warning"
          showIcon
          message={t("terms.compositionShort", { count: shortItems.length })}
          description={shortItems
            .map((term) => `${term.organizationName}：${term.composition.warning}`)
            .join("；")}
          data-testid="terms-composition-short"
        />
      )}
      {canWrite && (
        <Button type="primary" style={{ alignSelf: "flex-start" }} onClick={() => setAdding(true)}>
          {t("terms.add")}
        </Button>
      )}
      <Table
        size="small"
        rowKey="id"
        loading={terms.isPending}
        dataSource={terms.data?.items ?? []}
        scroll={{ x: 800 }}
        columns={[
          { title: t("cadres.organization"), dataIndex: "organizationName" },
          { title: t("terms.body"), dataIndex: "bodyLabel" },
          { title: t("terms.startsOn"), dataIndex: "startsOn" },
          { title: t("terms.endsOn"), dataIndex: "endsOn" },
          {
            title: t("terms.state"),
            dataIndex: "state",
            render: (state: string, term: OrganizationTerm) => (
              <Space size={4}>
                <Tag color={STATE_COLORS[state]}>{t(`terms.state.${state}` as "terms.state.current")}</Tag>
                {term.succeeded && <Tag>{t("terms.succeeded")}</Tag>}
              </Space>
            ),
          },
          {
            title: t("terms.composition"),
            key: "composition",
            render: (_: unknown, term: OrganizationTerm) =>
              term.composition.share === null ? (
                "—"
              ) : (
                <Flex vertical gap={2}>
                  <Space size={4}>
                    <Tag color={term.composition.meets ? "green" : "red"}>
                      {`${(term.composition.share * 100).toFixed(0)}% / ≥ ${(term.composition.minimum * 100).toFixed(0)}%`}
                    </Tag>
                    <Typography.Text type="secondary">
                      {t(`terms.compositionSource.${term.composition.source}`, {
                        grassroots: term.composition.grassrootsSeats,
                        seats: term.composition.seats,
                      })}
                    </Typography.Text>
                  </Space>
                  {term.composition.shortfall > 0 && (
                    <Typography.Text type="danger">
                      {t("terms.shortfall", { count: term.composition.shortfall })}
                    </Typography.Text>
                  )}
                </Flex>
              ),
          },
          {
            title: t("cadres.actions"),
            key: "actions",
            render: (_: unknown, term: OrganizationTerm) =>
              canWrite && !term.succeeded ? (
                <Button size="small" type="link" onClick={() => setElecting(term)}>
                  {t("terms.election")}
                </Button>
              ) : null,
          },
        ]}
      />
      {adding && (
        <FormModal<TermCreateBody>
          title={t("terms.add")}
          onClose={() => setAdding(false)}
          initialValues={{ body: "committee" }}
          onSubmit={(values) => createTerm(organizationId, values)}
        >
          <Form.Item name="body" label={t("terms.body")} rules={[{ required: true }]}>
            <Select options={TERM_BODIES.map((code) => ({ value: code, label: TERM_BODY_LABELS[code] }))} />
          </Form.Item>
          <Form.Item name="startsOn" label={t("terms.startsOn")} rules={[{ required: true }]}>
            <DateStringPicker />
          </Form.Item>
          <Form.Item name="endsOn" label={t("terms.endsOn")} rules={[{ required: true }]}>
            <DateStringPicker />
          </Form.Item>
          <Form.Item name="seats" label={t("terms.seats")}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="grassrootsSeats" label={t("terms.grassrootsSeats")}>
            <InputNumber min={0} />
          </Form.Item>
        </FormModal>
      )}
      {electing && (
        <FormModal<ElectionBody>
          title={`${t("terms.election")}：${electing.organizationName} ${electing.bodyLabel}`}
          onClose={() => setElecting(undefined)}
          initialValues={{
            electedOn: todayIso(),
            seats: electing.seats,
            grassrootsSeats: electing.grassrootsSeats,
          }}
          onSubmit={async (values) => {
            const result = await recordElection(electing.id, values);
            // Recorded anyway: a shortfall is a warning, not a refusal (domain.md §6).
            for (const warning of result.warnings) message.warning(warning, 8);
            return result;
          }}
        >
          <Form.Item name="electedOn" label={t("terms.electedOn")} rules={[{ required: true }]}>
            <DateStringPicker />
          </Form.Item>
          <Form.Item name="endsOn" label={t("terms.newEndsOn")} rules={[{ required: true }]}>
            <DateStringPicker />
          </Form.Item>
          <Form.Item name="seats" label={t("terms.seats")} rules={[{ required: true }]}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="grassrootsSeats" label={t("terms.grassrootsSeats")} rules={[{ required: true }]}>
            <InputNumber min={0} />
          </Form.Item>
        </FormModal>
      )}
    </Flex>
  );
}

/** Training rounds 轮训: rounds with their attendance (edited as a list of cadres) and who is untrained. */
export function TrainingPanel({ organizationId, canWrite }: { organizationId: number; canWrite: boolean }) {
  const t = useT();
  const rounds = useQuery(trainingRoundsQuery(organizationId));
  const untrained = useQuery(untrainedQuery(organizationId));
  const cadres = useQuery(cadresQuery(organizationId, false));
  const [adding, setAdding] = useState(false);
  const [attending, setAttending] = useState<TrainingRound>();
  return (
    <Flex vertical gap={12} data-testid="cadres-training">
      {canWrite && (
        <Button type="primary" style={{ alignSelf: "flex-start" }} onClick={() => setAdding(true)}>
          {t("training.add")}
        </Button>
      )}
      <Table
        size="small"
        rowKey="id"
        loading={rounds.isPending}
        dataSource={rounds.data?.items ?? []}
        columns={[
          { title: t("training.title"), dataIndex: "title" },
          { title: t("terms.startsOn"), dataIndex: "startsOn" },
          { title: t("terms.endsOn"), dataIndex: "endsOn" },
          { title: t("training.attendees"), dataIndex: "attendeeCount" },
          {
            title: t("cadres.actions"),
            key: "actions",
            render: (_: unknown, round: TrainingRound) =>
              canWrite ? (
                <Button size="small" type="link" onClick={() => setAttending(round)}>
                  {t("training.attendance")}
                </Button>
              ) : null,
          },
        ]}
      />
      <Card size="small" title={t("training.untrained", { count: untrained.data?.items.length ?? 0 })}>
        <Table
          size="small"
          rowKey="id"
          loading={untrained.isPending}
          dataSource={untrained.data?.items ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: t("cadres.name"), dataIndex: "name" },
            { title: t("cadres.organization"), dataIndex: "organizationName" },
            { title: t("cadres.post"), dataIndex: "postLabel" },
          ]}
          data-testid="training-untrained"
        />
      </Card>
      {adding && (
        <FormModal<TrainingRoundBody>
          title={t("training.add")}
          onClose={() => setAdding(false)}
          onSubmit={(values) => createTrainingRound(organizationId, values)}
        >
          <Form.Item name="title" label={t("training.title")} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="startsOn" label={t("terms.startsOn")} rules={[{ required: true }]}>
            <DateStringPicker />
          </Form.Item>
          <Form.Item name="endsOn" label={t("terms.endsOn")} rules={[{ required: true }]}>
            <DateStringPicker />
          </Form.Item>
        </FormModal>
      )}
      {attending && (
        <FormModal<{ cadreIds: number[] }>
          title={`${t("training.attendance")}：${attending.title}`}
          onClose={() => setAttending(undefined)}
          initialValues={{ cadreIds: [] }}
          onSubmit={(values) => putAttendance(attending.id, values.cadreIds)}
        >
          <Alert type="info" showIcon message={t("training.replaces")} style={{ marginBottom: 8 }} />
          <Form.Item name="cadreIds" label={t("training.attendees")}>
            <Select
              mode="multiple"
              optionFilterProp="label"
              options={(cadres.data?.items ?? []).map((cadre) => ({
                value: cadre.id,
                label: `${cadre.name}（${cadre.organizationName} ${cadre.postLabel}）`,
              }))}
            />
          </Form.Item>
        </FormModal>
      )}
    </Flex>
  );
}
