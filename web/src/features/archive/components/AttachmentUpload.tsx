import { UploadOutlined } from "@ant-design/icons";
import { Alert, App, Button, Flex, Progress, Select, Upload } from "antd";
import { useState } from "react";
import type { AttachmentKind } from "../../../api/types";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { ATTACHMENT_KINDS } from "../api/archive-types";
import { useUploadAttachment } from "../hooks/use-archive";
import { useAttachmentKindLabel } from "./archive-labels";

/** The largest attachment the server takes (20 MB); checked here too, to fail before uploading. */
const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** 上传附件: choose the kind, then a PDF (certificates: PDF, PNG or JPEG); progress while it uploads. */
export function AttachmentUpload({ memberId }: { memberId: number }) {
  const t = useT();
  const kindLabel = useAttachmentKindLabel();
  const { message } = App.useApp();
  const [kind, setKind] = useState<AttachmentKind>("application_form");
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string>();
  const upload = useUploadAttachment(memberId);

  const send = (file: File) => {
    setError(undefined);
    if (file.size > MAX_ATTACHMENT_BYTES) {
      setError(t("archive.tooLarge"));
      return;
    }
    setProgress(0);
    upload.mutate(
      { kind, file, onProgress: setProgress },
      {
        onSuccess: () => message.success(t("archive.uploaded")),
        onError: (failure) => setError(errorMessageOf(failure, t("common.error"))),
        onSettled: () => setProgress(null),
      },
    );
  };

  return (
    <Flex vertical gap={8} data-testid="attachment-upload">
      <Flex gap={8} wrap align="center">
        <Select<AttachmentKind>
          value={kind}
          onChange={setKind}
          style={{ width: 180 }}
          options={ATTACHMENT_KINDS.map((value) => ({ value, label: kindLabel(value) }))}
          data-testid="attachment-kind"
        />
        <Upload
          accept={kind === "application_form" ? ".pdf,application/pdf" : ".pdf,.png,.jpg,.jpeg"}
          showUploadList={false}
          beforeUpload={(file) => {
            send(file);
            return Upload.LIST_IGNORE;
          }}
          disabled={upload.isPending}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="attachment-choose">
            {t("archive.upload")}
          </Button>
        </Upload>
      </Flex>
      {upload.isPending && <Progress percent={progress ?? 0} status="active" size="small" />}
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(undefined)} />}
    </Flex>
  );
}
