import { CopyOutlined } from "@ant-design/icons";
import { Button, Input, Space } from "antd";
import { useT } from "../../../i18n/use-t";

/** A public link to copy (sign-up, rating, survey): shown as text, copied to the clipboard. */
export function ShareLink({ url, testId }: { url: string; testId?: string }) {
  const t = useT();
  return (
    <Space.Compact style={{ width: "100%" }}>
      <Input readOnly value={url} data-testid={testId} />
      <Button icon={<CopyOutlined />} onClick={() => void navigator.clipboard?.writeText(url)}>
        {t("youth.common.copy")}
      </Button>
    </Space.Compact>
  );
}
