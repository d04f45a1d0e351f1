import { App, Empty, Flex, Form, Input, InputNumber, Progress, Timeline, Typography } from "antd";
import dayjs from "dayjs";
import { DateStringPicker } from "../../../components/DateStringPicker";
import { showFieldErrorOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { AttachmentLinks } from "../shared/AttachmentLinks";
import { FilesInput } from "../shared/FilesInput";
import type { PlanProgressReport, PlanTask } from "../shared/plan-types";
import { TaskEntryForm } from "../shared/TaskEntryForm";
import { useCreateProgressReport } from "./use-progress";

interface ReportValues {
  reportedOn: string;
  percent: number;
  narrative: string;
  files: File[];
}

const FIELDS = ["reportedOn", "percent", "narrative", "files"] as const;

interface TaskProgressSectionProps {
  task: PlanTask;
  reports: readonly PlanProgressReport[];
  canWrite: boolean;
}

/** 信息报送: a task's progress history (newest first) and, with plan:write, a new report with files. */
export function TaskProgressSection({ task, reports, canWrite }: TaskProgressSectionProps) {
  const t = useT();
  const open = task.status !== "cancelled" && task.status !== "closed_out";
  return (
    <Flex vertical gap={16} data-testid="plan-task-progress">
      {canWrite && open && <ProgressReportForm task={task} lastPercent={reports[0]?.percent ?? 0} />}
      {reports.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("tracking.noReports")} />
      ) : (
        <Timeline
          items={reports.map((report) => ({
            key: report.id,
            content: (
              <Flex vertical gap={4} data-testid="plan-progress-report">
                <Flex gap={12} align="center" wrap>
                  <Typography.Text strong>{report.reportedOn}</Typography.Text>
                  <Progress percent={report.percent} size="small" style={{ width: 160, margin: 0 }} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t("tracking.reportedBy", {
                      name: report.reportedByName,
                      at: dayjs(report.createdAt).format("YYYY-MM-DD HH:mm"),
                    })}
                  </Typography.Text>
                </Flex>
                <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>
                  {report.narrative}
                </Typography.Paragraph>
                <AttachmentLinks attachments={report.attachments} />
              </Flex>
            ),
          }))}
        />
      )}
    </Flex>
  );
}

function ProgressReportForm({ task, lastPercent }: { task: PlanTask; lastPercent: number }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportValues>();
  const create = useCreateProgressReport(task.id);
  const onFinish = (values: ReportValues) =>
    create.mutate(
      {
        reportedOn: values.reportedOn,
        percent: values.percent,
        narrative: values.narrative.trim(),
        files: values.files ?? [],
      },
      {
        onSuccess: () => {
          message.success(t("tracking.reported"));
          form.resetFields();
        },
        onError: (error) => showFieldErrorOf(form, error, FIELDS),
      },
    );
  return (
    <TaskEntryForm<ReportValues>
      form={form}
      initialValues={{
        reportedOn: dayjs().format("YYYY-MM-DD"),
        percent: lastPercent,
        narrative: "",
        files: [],
      }}
      onFinish={onFinish}
      title={t("tracking.newReport")}
      error={create.error}
      fieldNames={FIELDS}
      submitting={create.isPending}
      submitLabel={t("tracking.submitReport")}
      submitTestId="plan-progress-submit"
      data-testid="plan-progress-form"
    >
      <Flex gap={12} wrap style={{ marginTop: 8 }}>
        <Form.Item
          name="reportedOn"
          label={t("tracking.reportedOn")}
          rules={[{ required: true, message: t("common.required") }]}
          style={{ flex: "1 1 140px" }}
        >
          <DateStringPicker />
        </Form.Item>
        <Form.Item
          name="percent"
          label={t("tracking.percent")}
          rules={[{ required: true, message: t("common.required") }]}
          style={{ flex: "1 1 120px" }}
        >
          <InputNumber
            min={0}
            max={100}
            precision={0}
            suffix="%"
            style={{ width: "100%" }}
            data-testid="plan-progress-percent"
          />
        </Form.Item>
      </Flex>
      <Form.Item
        name="narrative"
        label={t("tracking.narrative")}
        rules={[{ required: true, whitespace: true, message: t("common.required") }]}
      >
        <Input.TextArea rows={3} maxLength={5000} showCount data-testid="plan-progress-narrative" />
      </Form.Item>
      <Form.Item name="files" label={t("tracking.files")}>
        <FilesInput data-testid="plan-progress-files" />
      </Form.Item>
    </TaskEntryForm>
  );
}
