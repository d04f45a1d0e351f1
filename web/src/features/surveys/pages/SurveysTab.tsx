import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Form, Input, Modal, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { ErrorResult } from "../../../components/ErrorResult";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { useT } from "../../../i18n/use-t";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { useCurrentOrganization } from "../../organizations/hooks/use-current-organization";
import { formatDateTime } from "../../youth-homes/youth-labels";
import { surveyPath } from "../../youth-homes/youth-paths";
import type { SurveyListItem } from "../api/survey-queries";
import { useCreateSurvey, useSurveys } from "../hooks/use-surveys";
import { surveyStatusColor, surveyStatusKey } from "../survey-labels";

/**
 * /orgs/:orgId/surveys — 问卷调查 of the subtree (issue 14 part 4): status and response counts; a new
 * survey starts as a draft with one question and opens in the builder.
 */
export function SurveysTab() {
  const organization = useCurrentOrganization();
  const t = useT();
  const navigate = useNavigate();
  const abilities = useAbilities();
  const surveys = useSurveys(organization.id);
  const create = useCreateSurvey(organization.id);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ title: string; description?: string }>();
  if (surveys.isError) return <ErrorResult error={surveys.error} onRetry={() => surveys.refetch()} />;
  return (
    <Card
      title={t("youth.surveys.title")}
      data-testid="surveys"
      extra={
        abilities.can("youth_home:write") && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t("youth.surveys.new")}
          </Button>
        )
      }
    >
      <Table<SurveyListItem>
        rowKey="id"
        size="small"
        loading={surveys.isPending}
        dataSource={surveys.data?.items}
        pagination={{ pageSize: 20, showTotal: (total) => t("youth.common.total", { total }) }}
        onRow={(survey) => ({
          onClick: () => navigate(surveyPath(organization.id, survey.id)),
          style: { cursor: "pointer" },
        })}
        columns={[
          {
            title: t("youth.surveys.name"),
            dataIndex: "title",
            render: (title: string) => <Typography.Link data-testid="survey-link">{title}</Typography.Link>,
          },
          { title: t("youth.homes.organization"), dataIndex: "organizationName" },
          {
            title: t("youth.common.status"),
            dataIndex: "status",
            render: (status: string) => (
              <Tag color={surveyStatusColor(status)}>{t(surveyStatusKey(status))}</Tag>
            ),
          },
          {
            title: t("youth.surveys.responses"),
            dataIndex: "responseCount",
            align: "right",
            render: (value: number) => <span data-testid="survey-response-count">{value}</span>,
          },
          { title: t("youth.activities.startsAt"), dataIndex: "createdAt", render: formatDateTime },
        ]}
      />
      <Modal
        open={creating}
        title={t("youth.surveys.new")}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <FormErrorAlert error={create.error} fieldNames={[]} style={{ marginBottom: 12 }} />
        <Form
          form={form}
          layout="vertical"
          onFinish={(values) =>
            create.mutate(
              {
                title: values.title,
                description: values.description ?? null,
                allowRepeatPerDevice: false,
                questions: [
                  {
                    id: "q1",
                    kind: "single_choice",
                    title: "您的年龄段",
                    required: true,
                    options: [
                      { id: "o1", label: "14–18岁" },
                      { id: "o2", label: "19–28岁" },
                      { id: "o3", label: "29–35岁" },
                    ],
                  },
                ],
              },
              {
                onSuccess: (created) => {
                  setCreating(false);
                  navigate(surveyPath(organization.id, created.id));
                },
              },
            )
          }
        >
          <Form.Item
            name="title"
            label={t("youth.surveys.name")}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="description" label={t("youth.surveys.description")}>
            <Input.TextArea maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
