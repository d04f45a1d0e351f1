import { DownloadOutlined } from "@ant-design/icons";
import { App, Button, Flex, Typography } from "antd";
import { useState } from "react";
import { FileDropZone } from "../../../components/FileDropZone";
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
      <FileDropZone
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        fileName={file?.name}
        onFile={onFile}
        progress={progress}
        busy={busy}
        texts={{
          choose: t("import.choose"),
          hint: t("import.chooseHint"),
          uploading: t("import.uploading"),
          processing: t("import.checking"),
        }}
        data-testid="import-file"
        progressTestId="import-progress"
      />
    </Flex>
  );
}
