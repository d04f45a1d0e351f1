import { useQuery } from "@tanstack/react-query";
import {
  CADRE_KINDS,
  CADRE_POST_LABELS,
  CADRE_POSTS,
  CADRE_SOURCE_CHANNEL_LABELS,
  CADRE_SOURCE_CHANNELS,
} from "@tuanwu/domain";
import {
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
} from "antd";
import { useState } from "react";
import { DateStringPicker, todayIso } from "../../../components/DateStringPicker";
import { useT } from "../../../i18n/use-t";
import {
  type Cadre,
  type CadreCreateBody,
  cadresQuery,
  createCadre,
  endCadre,
  patchCadre,
  profileQuery,
  staffingQuery,
} from "../api/cadre-queries";
import { DutiesModal } from "./DutiesModal";
import { FormModal } from "./FormModal";
import { PlacementModal } from "./PlacementModal";

const percent = (share: number | null | undefined) =>
  share === null || share === undefined ? "—" : `${(share * 100).toFixed(1)}%`;

const KIND_LABELS: Record<string, string> = Object.fromEntries(
  CADRE_KINDS.map((kind) => [kind.code, kind.zh]),
);

/** 配备率 with the empty posts, the profile figures, and the organization's cadre records (add, edit, end). */
export function RosterPanel({ organizationId, canWrite }: { organizationId: number; canWrite: boolean }) {
  const t = useT();
  const [includeEnded, setIncludeEnded] = useState(false);
  const [editing, setEditing] = useState<Cadre | "new">();
  const [ending, setEnding] = useState<Cadre>();
  const [duties, setDuties] = useState<Cadre>();
  const [placing, setPlacing] = useState<Cadre>();
  const staffing = useQuery(staffingQuery(organizationId));
  const profile = useQuery(profileQuery(organizationId));
  const cadres = useQuery(cadresQuery(organizationId, includeEnded));

  return (
    <Flex vertical gap={12} data-testid="cadres-roster">
      <Row gutter={[12, 12]}>
        <Col xs={24} md={10}>
          <Card size="small" title={t("cadres.staffing")} loading={staffing.isPending}>
            {staffing.data && (
              <Flex vertical gap={8}>
                <Space size="large" wrap>
                  <Statistic
                    title={t("cadres.staffingRate")}
                    value={percent(staffing.data.rate)}
                    valueStyle={{ color: staffing.data.meetsTarget === false ? "#cf1322" : undefined }}
                  />
                  <Statistic title={t("cadres.expected")} value={staffing.data.expected} />
                  <Statistic title={t("cadres.filled")} value={staffing.data.filled} />
                  <Statistic title={t("cadres.emptyPosts")} value={staffing.data.emptyPostCount} />
                </Space>
                <Table
                  size="small"
                  rowKey={(row) => `${row.organizationId}-${row.post}`}
                  dataSource={staffing.data.emptyPosts}
                  pagination={{ pageSize: 5, hideOnSinglePage: true }}
                  columns={[
                    { title: t("cadres.organization"), dataIndex: "organizationName" },
                    { title: t("cadres.post"), dataIndex: "postLabel" },
                    { title: t("cadres.empty"), dataIndex: "empty", width: 70 },
                  ]}
                  data-testid="cadres-empty-posts"
                />
              </Flex>
            )}
          </Card>
        </Col>
        <Col xs={24} md={14}>
          <Card size="small" title={t("cadres.profile")} loading={profile.isPending}>
            {profile.data && (
              <Space size="large" wrap data-testid="cadres-profile">
                <Statistic title={t("cadres.count")} value={profile.data.count} />
                <Statistic
                  title={t("cadres.averageAge")}
                  value={profile.data.averageAge ?? "—"}
                  precision={1}
                />
                <Statistic title={t("cadres.under28")} value={percent(profile.data.underAgeShare)} />
                <Statistic title={t("cadres.bachelor")} value={percent(profile.data.bachelorOrHigherShare)} />
                <Statistic title={t("cadres.party")} value={percent(profile.data.partyMemberShare)} />
                <Statistic title={t("cadres.grassroots")} value={percent(profile.data.fromGrassrootsShare)} />
                <Statistic title={t("cadres.trained")} value={percent(profile.data.trainedShare)} />
                <Statistic
                  title={t("cadres.kinds")}
                  value={`${profile.data.kinds.full_time} / ${profile.data.kinds.seconded} / ${profile.data.kinds.part_time}`}
                />
              </Space>
            )}
          </Card>
        </Col>
      </Row>
      <Flex gap={8} align="center" wrap>
        {canWrite && (
          <Button type="primary" onClick={() => setEditing("new")} data-testid="cadres-add">
            {t("cadres.add")}
          </Button>
        )}
        <Switch checked={includeEnded} onChange={setIncludeEnded} /> {t("cadres.includeEnded")}
      </Flex>
      <Table
        size="small"
        rowKey="id"
        loading={cadres.isPending}
        dataSource={cadres.data?.items ?? []}
        scroll={{ x: 900 }}
        data-testid="cadres-table"
        columns={[
          { title: t("cadres.name"), dataIndex: "name" },
          { title: t("cadres.organization"), dataIndex: "organizationName" },
          { title: t("cadres.post"), dataIndex: "postLabel" },
          { title: t("cadres.kind"), dataIndex: "kind", render: (kind: string) => KIND_LABELS[kind] ?? kind },
          { title: t("cadres.age"), dataIndex: "age", width: 60 },
          { title: t("cadres.phone"), dataIndex: "phone", render: (phone: string | null) => phone ?? "—" },
          {
            title: t("cadres.sourceChannel"),
            dataIndex: "sourceChannel",
            render: (code: string) =>
              CADRE_SOURCE_CHANNEL_LABELS[code as keyof typeof CADRE_SOURCE_CHANNEL_LABELS] ?? code,
          },
          {
            title: t("cadres.startedOn"),
            dataIndex: "startedOn",
            render: (startedOn: string, cadre: Cadre) =>
              cadre.endedOn ? (
                <Tag>
                  {startedOn} – {cadre.endedOn}
                </Tag>
              ) : (
                startedOn
              ),
          },
          {
            title: t("cadres.actions"),
            key: "actions",
            render: (_: unknown, cadre: Cadre) => (
              <Space size={4}>
                <Button size="small" type="link" onClick={() => setDuties(cadre)}>
                  {t("cadres.duties")}
                </Button>
                {canWrite && !cadre.endedOn && (
                  <>
                    <Button size="small" type="link" onClick={() => setEditing(cadre)}>
                      {t("cadres.edit")}
                    </Button>
                    <Button
                      size="small"
                      type="link"
                      onClick={() => setPlacing(cadre)}
                      data-testid={`cadre-placement-${cadre.id}`}
                    >
                      {t("placement.add")}
                    </Button>
                    <Button size="small" type="link" danger onClick={() => setEnding(cadre)}>
                      {t("cadres.end")}
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <FormModal<CadreCreateBody>
          title={editing === "new" ? t("cadres.add") : t("cadres.edit")}
          onClose={() => setEditing(undefined)}
          initialValues={
            editing === "new"
              ? { kind: "part_time", post: "secretary", startedOn: todayIso(), sourceChannel: "other" }
              : {
                  name: editing.name,
                  gender: editing.gender as CadreCreateBody["gender"],
                  birthDate: editing.birthDate,
                  post: editing.post as CadreCreateBody["post"],
                  kind: editing.kind as CadreCreateBody["kind"],
                  sourceChannel: editing.sourceChannel as CadreCreateBody["sourceChannel"],
                  fromGrassroots: editing.fromGrassroots,
                  partyMember: editing.partyMember,
                  education: editing.education,
                  startedOn: editing.startedOn,
                }
          }
          onSubmit={(values) => {
            const body = { ...values, phone: values.phone ? values.phone : undefined };
            return editing === "new" ? createCadre(organizationId, body) : patchCadre(editing.id, body);
          }}
          testId="cadre-form"
        >
          <Form.Item name="name" label={t("cadres.name")} rules={[{ required: true }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="gender" label={t("cadres.gender")} rules={[{ required: true }]}>
            <Select
              options={[
                { value: "male", label: t("cadres.male") },
                { value: "female", label: t("cadres.female") },
              ]}
            />
          </Form.Item>
          <Form.Item name="birthDate" label={t("cadres.birthDate")} rules={[{ required: true }]}>
            <DateStringPicker />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t("cadres.phone")}
            extra={editing !== "new" ? t("cadres.phoneKeep") : undefined}
          >
            <Input maxLength={11} inputMode="numeric" />
          </Form.Item>
          <Form.Item name="post" label={t("cadres.post")} rules={[{ required: true }]}>
            <Select options={CADRE_POSTS.map((code) => ({ value: code, label: CADRE_POST_LABELS[code] }))} />
          </Form.Item>
          <Form.Item name="kind" label={t("cadres.kind")} rules={[{ required: true }]}>
            <Select options={CADRE_KINDS.map((kind) => ({ value: kind.code, label: kind.zh }))} />
          </Form.Item>
          <Form.Item name="sourceChannel" label={t("cadres.sourceChannel")}>
            <Select
              options={CADRE_SOURCE_CHANNELS.map((code) => ({
                value: code,
                label: CADRE_SOURCE_CHANNEL_LABELS[code],
              }))}
            />
          </Form.Item>
          <Form.Item name="education" label={t("cadres.education")}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="fromGrassroots" label={t("cadres.fromGrassroots")} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="partyMember" label={t("cadres.partyMember")} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="startedOn" label={t("cadres.startedOn")} rules={[{ required: true }]}>
            <DateStringPicker />
          </Form.Item>
        </FormModal>
      )}
      {ending && (
        <FormModal<{ endedOn: string }>
          title={`${t("cadres.end")}：${ending.name}`}
          onClose={() => setEnding(undefined)}
          initialValues={{ endedOn: todayIso() }}
          onSubmit={(values) => endCadre(ending.id, values.endedOn)}
        >
          <Form.Item name="endedOn" label={t("cadres.endedOn")} rules={[{ required: true }]}>
            <DateStringPicker />
          </Form.Item>
        </FormModal>
      )}
      {duties && <DutiesModal cadre={duties} onClose={() => setDuties(undefined)} />}
      {placing && <PlacementModal cadre={placing} onClose={() => setPlacing(undefined)} />}
    </Flex>
  );
}
