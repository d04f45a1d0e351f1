import { InboxOutlined } from "@ant-design/icons";
import { Flex, Progress, Typography, Upload } from "antd";
import { useT } from "../../../i18n/use-t";

/** What the server parses: Word (.docx), plain text and Markdown. */
const ACCEPTED =
  ".docx,.txt,.md,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain,text/markdown";

interface PlanFileStepProps {
  fileName: string | undefined;
  onFile: (file: File) => void;
  /** Upload progress in percent while the preview is under way; null when the total is unknown. */
  progress: number | null | undefined;
  busy: boolean;
}

/** Step 1 of the plan import: the implementation plan as the county already has it. */
export function PlanFileStep({ fileName, onFile, progress, busy }: PlanFileStepProps) {
  const t = useT();
  return (
    <Flex vertical gap={12}>
      <Upload.Dragger
        accept={ACCEPTED}
        multiple={false}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(chosen) => {
          onFile(chosen);
          return Upload.LIST_IGNORE;
        }}
        data-testid="plan-import-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{fileName ?? t("planImport.choose")}</p>
        <p className="ant-upload-hint">{t("planImport.chooseHint")}</p>
      </Upload.Dragger>
      {busy && (
        <Flex vertical gap={4} data-testid="plan-import-progress">
          <Progress percent={progress ?? 100} status="active" />
          <Typography.Text type="secondary">
            {progress === 100 || progress === null ? t("planImport.parsing") : t("planImport.uploading")}
          </Typography.Text>
        </Flex>
      )}
    </Flex>
  );
}
