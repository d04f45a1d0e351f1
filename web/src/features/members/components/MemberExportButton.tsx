import { DownloadOutlined, DownOutlined } from "@ant-design/icons";
import { App, Button, Dropdown, Space } from "antd";
import { useState } from "react";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { useCan } from "../../auth/hooks/use-me";
import { exportMembers } from "../api/member-queries";

/**
 * 导出 Excel: the subtree's members in the national registry's columns, citizen ID and phone masked;
 * 完整导出 (unmasked) only for users with member:export_full. Every export is audited by the server.
 */
export function MemberExportButton({ organizationId }: { organizationId: number }) {
  const t = useT();
  const { message } = App.useApp();
  const canExportFull = useCan("member:export_full");
  const [exporting, setExporting] = useState(false);

  const run = async (full: boolean) => {
    setExporting(true);
    try {
      await exportMembers(organizationId, full);
    } catch (error) {
      message.error(errorMessageOf(error, t("common.error")));
    } finally {
      setExporting(false);
    }
  };

  if (!canExportFull) {
    return (
      <Button
        icon={<DownloadOutlined />}
        loading={exporting}
        onClick={() => void run(false)}
        data-testid="member-export"
      >
        {t("members.export")}
      </Button>
    );
  }
  return (
    <Space.Compact data-testid="member-export">
      <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void run(false)}>
        {t("members.export")}
      </Button>
      <Dropdown
        menu={{
          items: [{ key: "full", label: t("members.exportFull"), "data-testid": "member-export-full" }],
          onClick: () => void run(true),
        }}
        disabled={exporting}
      >
        <Button
          icon={<DownOutlined />}
          aria-label={t("members.exportFull")}
          data-testid="member-export-more"
        />
      </Dropdown>
    </Space.Compact>
  );
}
