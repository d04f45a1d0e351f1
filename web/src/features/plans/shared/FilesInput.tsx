import { PaperClipOutlined } from "@ant-design/icons";
import { App, Button, Upload, type UploadFile } from "antd";
import { useT } from "../../../i18n/use-t";

/** What the server keeps with a report or close-out (it reads the type from the bytes). */
const ACCEPTED = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx";
const MAX_FILES = 5;
const MAX_BYTES = 20 * 1024 * 1024;

interface FilesInputProps {
  value?: File[];
  onChange?: (files: File[]) => void;
  "data-testid"?: string;
}

/** Up to five files (PDF, images, Word, Excel; ≤ 20 MB each), kept in the form until it is sent. */
export function FilesInput({ value = [], onChange, ...rest }: FilesInputProps) {
  const t = useT();
  const { message } = App.useApp();
  const fileList: UploadFile[] = value.map((file, index) => ({
    uid: `${index}-${file.name}`,
    name: file.name,
    status: "done",
  }));
  return (
    <Upload
      accept={ACCEPTED}
      multiple
      fileList={fileList}
      beforeUpload={(file) => {
        if (file.size > MAX_BYTES) message.error(t("tracking.fileTooLarge"));
        else if (value.length >= MAX_FILES) message.error(t("tracking.tooManyFiles"));
        else onChange?.([...value, file]);
        return Upload.LIST_IGNORE;
      }}
      onRemove={(removed) => {
        onChange?.(value.filter((_, index) => fileList[index]?.uid !== removed.uid));
        return false;
      }}
      data-testid={rest["data-testid"]}
    >
      <Button icon={<PaperClipOutlined />}>{t("tracking.addFiles")}</Button>
    </Upload>
  );
}
