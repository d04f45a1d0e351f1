import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Card,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  QRCode,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useT } from "../../../i18n/use-t";
import {
  CADRES_KEY,
  cadresQuery,
  closeReviewSession,
  createReviewLinks,
  createReviewSession,
  downloadLetter,
  openReviewSession,
  type ReviewLinks,
  type ReviewSessionBody,
  type ReviewSessionSummary,
  reviewSessionQuery,
  reviewSessionsQuery,
  reviewTallyQuery,
} from "../api/cadre-queries";
import { FormModal } from "./FormModal";

const STATUS_COLORS: Record<string, string> = { draft: "default", open: "green", closed: "blue" };

/** 述职评议 sessions of the organization: create with reporters, then manage one in a drawer. */
export function ReviewsPanel({ organizationId, canWrite }: { organizationId: number; canWrite: boolean }) {
  const t = useT();
  const sessions = useQuery(reviewSessionsQuery(organizationId));
  const cadres = useQuery(cadresQuery(organizationId, false));
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<number>();
  const items = sessions.data ?? [];
  return (
    <Flex vertical gap={12} data-testid="cadres-reviews">
      {canWrite && (
        <Button type="primary" style={{ alignSelf: "flex-start" }} onClick={() => setCreating(true)}>
          {t("reviews.create")}
        </Button>
      )}
      <Table
        size="small"
        rowKey="id"
        loading={sessions.isPending}
        dataSource={items}
        onRow={(session) => ({ onClick: () => setSelected(session.id), style: { cursor: "pointer" } })}
        columns={[
          { title: t("reviews.year"), dataIndex: "year", width: 70 },
          { title: t("reviews.title"), dataIndex: "title" },
          {
            title: t("terms.state"),
            dataIndex: "status",
            render: (status: string, session: ReviewSessionSummary) => (
              <Tag color={STATUS_COLORS[status]}>{session.statusLabel}</Tag>
            ),
          },
          { title: t("reviews.reporters"), dataIndex: "reporters" },
          {
            title: t("reviews.submitted"),
            key: "submitted",
            render: (_: unknown, session: ReviewSessionSummary) => `${session.submitted} / ${session.links}`,
          },
        ]}
      />
      {creating && (
        <FormModal<ReviewSessionBody>
          title={t("reviews.create")}
          onClose={() => setCreating(false)}
          initialValues={{ year: new Date().getFullYear(), scaleMax: 100, reporterCadreIds: [] }}
          onSubmit={(values) => createReviewSession(organizationId, values)}
        >
          <Form.Item name="title" label={t("reviews.title")} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="year" label={t("reviews.year")} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Form.Item name="scaleMax" label={t("reviews.scaleMax")}>
            <InputNumber min={1} />
          </Form.Item>
          <Form.Item name="reporterCadreIds" label={t("reviews.reporterList")} rules={[{ required: true }]}>
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
      {selected !== undefined && (
        <ReviewSessionDrawer
          sessionId={selected}
          canWrite={canWrite}
          onClose={() => setSelected(undefined)}
        />
      )}
    </Flex>
  );
}

/**
 * One session: open it, generate one-time links (shown once, each with its QR code), the live tally
 * (refetched every 3 s while open), close it, and each reporter's result letter (.docx) once closed.
 */
function ReviewSessionDrawer({
  sessionId,
  canWrite,
  onClose,
}: {
  sessionId: number;
  canWrite: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const session = useQuery(reviewSessionQuery(sessionId));
  const open = session.data?.status === "open";
  const tally = useQuery({ ...reviewTallyQuery(sessionId), refetchInterval: open ? 3000 : false });
  const [linkCount, setLinkCount] = useState<number | null>(10);
  const [links, setLinks] = useState<ReviewLinks>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: CADRES_KEY });
  const openMutation = useMutation({ mutationFn: () => openReviewSession(sessionId), onSuccess: refresh });
  const closeMutation = useMutation({ mutationFn: () => closeReviewSession(sessionId), onSuccess: refresh });
  const linksMutation = useMutation({
    mutationFn: () => createReviewLinks(sessionId, linkCount ?? 1),
    onSuccess: (created) => {
      setLinks(created);
      return refresh();
    },
  });
  const error = openMutation.error ?? closeMutation.error ?? linksMutation.error;
  const data = session.data;
  const origin = window.location.origin;
  return (
    <Drawer open width={720} onClose={onClose} title={data ? `${data.year} ${data.title}` : ""}>
      {data && (
        <Flex vertical gap={12} data-testid="review-session">
          <Space wrap>
            <Tag color={STATUS_COLORS[data.status]}>{data.statusLabel}</Tag>
            <span>{t("reviews.scale", { max: data.scaleMax })}</span>
          </Space>
          {error && <Alert type="error" showIcon message={(error as Error).message} />}
          {canWrite && (
            <Space wrap>
              {data.status === "draft" && (
                <Button type="primary" loading={openMutation.isPending} onClick={() => openMutation.mutate()}>
                  {t("reviews.open")}
                </Button>
              )}
              {data.status !== "closed" && (
                <>
                  <InputNumber min={1} max={1000} value={linkCount} onChange={setLinkCount} />
                  <Button loading={linksMutation.isPending} onClick={() => linksMutation.mutate()}>
                    {t("reviews.links")}
                  </Button>
                </>
              )}
              {data.status === "open" && (
                <Button danger loading={closeMutation.isPending} onClick={() => closeMutation.mutate()}>
                  {t("reviews.close")}
                </Button>
              )}
            </Space>
          )}
          {links && (
            <Card size="small" title={t("reviews.linksOnce")} data-testid="review-links">
              <Flex wrap gap={12}>
                {links.links.map((link) => (
                  <Flex key={link.id} vertical align="center" gap={4} style={{ width: 150 }}>
                    <QRCode value={`${origin}${link.path}`} size={130} />
                    <Typography.Text>{link.label}</Typography.Text>
                    <Typography.Text
                      copyable={{ text: `${origin}${link.path}` }}
                      style={{ fontSize: 11 }}
                      ellipsis
                    >
                      {link.path}
                    </Typography.Text>
                  </Flex>
                ))}
              </Flex>
            </Card>
          )}
          {tally.data && (
            <Card size="small" title={t("reviews.tally")} data-testid="review-tally">
              <Space size="large" style={{ marginBottom: 8 }}>
                <Statistic
                  title={t("reviews.submitted")}
                  value={`${tally.data.submitted} / ${tally.data.links}`}
                />
              </Space>
              <Table
                size="small"
                rowKey="reporterId"
                pagination={false}
                dataSource={tally.data.reporters}
                columns={[
                  { title: t("cadres.name"), dataIndex: "name" },
                  { title: t("reviews.count"), dataIndex: "count" },
                  {
                    title: t("reviews.mean"),
                    dataIndex: "mean",
                    render: (mean: number | null) => mean ?? "—",
                  },
                  {
                    title: t("reviews.grade"),
                    dataIndex: "gradeLabel",
                    render: (label: string | null) => (label ? <Tag>{label}</Tag> : "—"),
                  },
                  {
                    title: t("reviews.letter"),
                    key: "letter",
                    render: (_: unknown, row: { reporterId: number; name: string }) =>
                      data.status === "closed" ? (
                        <Button
                          size="small"
                          type="link"
                          onClick={() =>
                            downloadLetter(sessionId, row.reporterId, `述职评议结果-${row.name}.docx`)
                          }
                        >
                          {t("reviews.download")}
                        </Button>
                      ) : null,
                  },
                ]}
              />
            </Card>
          )}
        </Flex>
      )}
    </Drawer>
  );
}
