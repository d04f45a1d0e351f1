import { DownloadOutlined, InboxOutlined } from "@ant-design/icons";
import { App, Button, Flex, Progress, Typography, Upload } from "antd";
import { useState } from "react";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { downloadMemberTemplate } from "../api/registry-queries";

interface ImportFileStepProps {
  file: File | null;
  onFile: (file: File) => void;
  /** Upload progress in percent while a request is under way; null when the total is unknown. */
  progress: number | null | undefined;
  busy: boolean;
}

/** Step 1: the template, and the .xlsx to check (tuanwu's template or the national registry's export). */
export function ImportFileStep({ file, onFile, progress, busy }: ImportFileStepProps) {
  const t = useT();
  const { message } = App.useApp();
  const [downloading, setDownloading] = useState(false);

  const download = async () => {
    setDownloading(true);
    try {
      await downloadMemberTemplate();
    } catch (error) {
      message.error(errorMessageOf(error, t("common.error")));
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center" wrap>
        <Button
          icon={<DownloadOutlined />}
          loading={downloading}
          onClick={() => void download()}
          data-testid="import-template"
        >
          {t("import.template")}
        </Button>
        <Typography.Text type="secondary">{t("import.templateHint")}</Typography.Text>
      </Flex>
      <Upload.Dragger
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        multiple={false}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(chosen) => {
          onFile(chosen);
          return Upload.LIST_IGNORE;
        }}
        data-testid="import-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{file ? file.name : t("import.choose")}</p>
        <p className="ant-upload-hint">{t("import.chooseHint")}</p>
      </Upload.Dragger>
      {busy && (
        <Flex vertical gap={4} data-testid="import-progress">
          <Progress percent={progress ?? 100} status="active" />
          <Typography.Text type="secondary">
            {progress === 100 || progress === null ? t("import.checking") : t("import.uploading")}
          </Typography.Text>
        </Flex>
      )}
    </Flex>
  );
}
