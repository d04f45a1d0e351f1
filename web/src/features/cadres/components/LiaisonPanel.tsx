import { useQuery } from "@tanstack/react-query";
import {
  CONTACT_LOG_KIND_LABELS,
  CONTACT_LOG_KINDS,
  DEPUTY_BODIES,
  DEPUTY_BODY_LABELS,
  LIAISON_ASSIGNMENT_KIND_LABELS,
  LIAISON_ASSIGNMENT_KINDS,
} from "@tuanwu/domain";
import { Button, Card, Col, Flex, Form, Input, InputNumber, Row, Select, Switch, Table, Tag } from "antd";
import { useState } from "react";
import { DateStringPicker, todayIso } from "../../../components/DateStringPicker";
import { useT } from "../../../i18n/use-t";
import { OrganizationSearchSelect } from "../../organizations/components/OrganizationSearchSelect";
import {
  type AssignmentBody,
  assignmentsQuery,
  cadresQuery,
  contactLogsQuery,
  createAssignment,
  createContactLog,
  createDeputy,
  createStation,
  type DeputyBody,
  deputiesQuery,
  type StaffContactLogBody,
  type StationBody,
  stationsQuery,
} from "../api/cadre-queries";
import { FormModal } from "./FormModal";

type Adding = "deputy" | "station" | "assignment" | "log";

/** Deputies 团代表, liaison stations 联络站, "两联" assignments and this year's contact logs. */
export function LiaisonPanel({ organizationId, canWrite }: { organizationId: number; canWrite: boolean }) {
  const t = useT();
  const year = new Date().getFullYear();
  const deputies = useQuery(deputiesQuery(organizationId));
  const stations = useQuery(stationsQuery(organizationId));
  const assignments = useQuery(assignmentsQuery(organizationId));
  const logs = useQuery(contactLogsQuery(organizationId, year));
  const cadres = useQuery(cadresQuery(organizationId, false));
  const [adding, setAdding] = useState<Adding>();
  const cadreOptions = (cadres.data?.items ?? []).map((cadre) => ({
    value: cadre.id,
    label: `${cadre.name}（${cadre.organizationName} ${cadre.postLabel}）`,
  }));
  const deputyOptions = (deputies.data ?? []).map((deputy) => ({ value: deputy.id, label: deputy.name }));
  const addButton = (what: Adding) =>
    canWrite ? (
      <Button size="small" onClick={() => setAdding(what)} data-testid={`liaison-add-${what}`}>
        {t("liaison.add")}
      </Button>
    ) : null;

  return (
    <Flex vertical gap={12} data-testid="cadres-liaison">
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={t("liaison.deputies", { count: deputies.data?.length ?? 0 })}
            extra={addButton("deputy")}
          >
            <Table
              size="small"
              rowKey="id"
              loading={deputies.isPending}
              dataSource={deputies.data ?? []}
              pagination={{ pageSize: 8, hideOnSinglePage: true }}
              columns={[
                { title: t("cadres.name"), dataIndex: "name" },
                { title: t("liaison.body"), dataIndex: "bodyLabel" },
                {
                  title: t("liaison.grassroots"),
                  key: "flags",
                  render: (_: unknown, deputy: { grassroots: boolean; frontLine: boolean }) => (
                    <>
                      {deputy.grassroots && <Tag color="green">{t("liaison.grassroots")}</Tag>}
                      {deputy.frontLine && <Tag color="blue">{t("liaison.frontLine")}</Tag>}
                    </>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t("liaison.stations")} extra={addButton("station")}>
            <Table
              size="small"
              rowKey="id"
              loading={stations.isPending}
              dataSource={stations.data ?? []}
              pagination={false}
              columns={[
                { title: t("liaison.stationName"), dataIndex: "name" },
                { title: t("liaison.address"), dataIndex: "address" },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t("liaison.assignments")} extra={addButton("assignment")}>
        <Table
          size="small"
          rowKey="id"
          loading={assignments.isPending}
          dataSource={assignments.data ?? []}
          pagination={{ pageSize: 8, hideOnSinglePage: true }}
          columns={[
            { title: t("liaison.kind"), dataIndex: "kindLabel" },
            { title: t("liaison.from"), dataIndex: "fromName" },
            { title: t("liaison.target"), dataIndex: "targetName" },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t("liaison.logs", { year, count: logs.data?.length ?? 0 })}
        extra={addButton("log")}
      >
        <Table
          size="small"
          rowKey="id"
          loading={logs.isPending}
          dataSource={logs.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 700 }}
          columns={[
            { title: t("contactLog.date"), dataIndex: "occurredOn" },
            { title: t("cadres.name"), dataIndex: "personName" },
            { title: t("liaison.kind"), dataIndex: "kindLabel" },
            { title: t("contactLog.youthCount"), dataIndex: "youthCount" },
            { title: t("liaison.linkedOrganization"), dataIndex: "linkedOrganizationName" },
            { title: t("contactLog.note"), dataIndex: "note" },
          ]}
        />
      </Card>
      {adding === "deputy" && (
        <FormModal<DeputyBody>
          title={t("liaison.addDeputy")}
          onClose={() => setAdding(undefined)}
          initialValues={{ body: "congress_deputy", grassroots: false, frontLine: false }}
          onSubmit={(values) => createDeputy(organizationId, values)}
        >
          <Form.Item name="name" label={t("cadres.name")} rules={[{ required: true }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="body" label={t("liaison.body")} rules={[{ required: true }]}>
            <Select
              options={DEPUTY_BODIES.map((code) => ({ value: code, label: DEPUTY_BODY_LABELS[code] }))}
            />
          </Form.Item>
          <Form.Item name="grassroots" label={t("liaison.grassroots")} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="frontLine" label={t("liaison.frontLine")} valuePropName="checked">
            <Switch />
          </Form.Item>
        </FormModal>
      )}
      {adding === "station" && (
        <FormModal<StationBody>
          title={t("liaison.addStation")}
          onClose={() => setAdding(undefined)}
          onSubmit={(values) => createStation(organizationId, values)}
        >
          <Form.Item name="name" label={t("liaison.stationName")} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="address" label={t("liaison.address")}>
            <Input maxLength={200} />
          </Form.Item>
        </FormModal>
      )}
      {adding === "assignment" && (
        <FormModal<AssignmentBody>
          title={t("liaison.addAssignment")}
          onClose={() => setAdding(undefined)}
          initialValues={{ kind: "cadre_to_branch" }}
          onSubmit={(values) => createAssignment(organizationId, values)}
        >
          <Form.Item name="kind" label={t("liaison.kind")} rules={[{ required: true }]}>
            <Select
              options={LIAISON_ASSIGNMENT_KINDS.map((code) => ({
                value: code,
                label: LIAISON_ASSIGNMENT_KIND_LABELS[code],
              }))}
            />
          </Form.Item>
          <Form.Item name="fromCadreId" label={t("liaison.fromCadre")} extra={t("liaison.endsHint")}>
            <Select allowClear showSearch optionFilterProp="label" options={cadreOptions} />
          </Form.Item>
          <Form.Item name="fromDeputyId" label={t("liaison.fromDeputy")}>
            <Select allowClear showSearch optionFilterProp="label" options={deputyOptions} />
          </Form.Item>
          <Form.Item name="targetDeputyId" label={t("liaison.targetDeputy")}>
            <Select allowClear showSearch optionFilterProp="label" options={deputyOptions} />
          </Form.Item>
          <Form.Item name="targetOrganizationId" label={t("liaison.targetOrganization")}>
            <OrganizationSearchSelect />
          </Form.Item>
        </FormModal>
      )}
      {adding === "log" && (
        <FormModal<StaffContactLogBody>
          title={t("liaison.addLog")}
          onClose={() => setAdding(undefined)}
          initialValues={{ kind: "visit", occurredOn: todayIso(), youthCount: 0 }}
          onSubmit={(values) => createContactLog(organizationId, values)}
        >
          <Form.Item name="cadreId" label={t("liaison.fromCadre")}>
            <Select allowClear showSearch optionFilterProp="label" options={cadreOptions} />
          </Form.Item>
          <Form.Item name="deputyId" label={t("liaison.fromDeputy")}>
            <Select allowClear showSearch optionFilterProp="label" options={deputyOptions} />
          </Form.Item>
          <Form.Item name="kind" label={t("liaison.kind")} rules={[{ required: true }]}>
            <Select
              options={CONTACT_LOG_KINDS.map((code) => ({
                value: code,
                label: CONTACT_LOG_KIND_LABELS[code],
              }))}
            />
          </Form.Item>
          <Form.Item name="occurredOn" label={t("contactLog.date")} rules={[{ required: true }]}>
            <DateStringPicker />
          </Form.Item>
          <Form.Item name="youthCount" label={t("contactLog.youthCount")}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="linkedOrganizationId" label={t("liaison.linkedOrganization")}>
            <OrganizationSearchSelect />
          </Form.Item>
          <Form.Item name="note" label={t("contactLog.note")}>
            <Input.TextArea maxLength={500} />
          </Form.Item>
        </FormModal>
      )}
    </Flex>
  );
}
