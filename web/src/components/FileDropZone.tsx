import { InboxOutlined } from "@ant-design/icons";
import { Flex, Progress, Typography, Upload } from "antd";

interface FileDropZoneProps {
  /** The Upload `accept` list: extensions and media types, comma-separated. */
  accept: string;
  /** The chosen file's name; undefined before one is chosen (the dragger shows `chooseText`). */
  fileName: string | undefined;
  onFile: (file: File) => void;
  /** Upload progress in percent while a request is under way; null when the total is unknown. */
  progress: number | null | undefined;
  /** A request with the file is under way: the dragger is disabled and the progress shows. */
  busy: boolean;
  texts: {
    choose: string;
    hint: string;
    /** While the bytes go up. */
    uploading: string;
    /** Once they are up (or the total is unknown) and the server works on them. */
    processing: string;
  };
  /** data-testid of the dragger. */
  "data-testid": string;
  /** data-testid of the progress. */
  progressTestId: string;
}

/**
 * One file to send, dragged in or chosen (not kept in an upload list: `onFile` gets it), and the
 * progress of the request that sends it — step 1 of the member and the plan import wizards.
 */
export function FileDropZone({
  accept,
  fileName,
  onFile,
  progress,
  busy,
  texts,
  "data-testid": testId,
  progressTestId,
}: FileDropZoneProps) {
  return (
    <Flex vertical gap={12}>
      <Upload.Dragger
        accept={accept}
        multiple={false}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(chosen) => {
          onFile(chosen);
          return Upload.LIST_IGNORE;
        }}
        data-testid={testId}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{fileName ?? texts.choose}</p>
        <p className="ant-upload-hint">{texts.hint}</p>
      </Upload.Dragger>
      {busy && (
        <Flex vertical gap={4} data-testid={progressTestId}>
          <Progress percent={progress ?? 100} status="active" />
          <Typography.Text type="secondary">
            {progress === 100 || progress === null ? texts.processing : texts.uploading}
          </Typography.Text>
        </Flex>
      )}
    </Flex>
  );
}
