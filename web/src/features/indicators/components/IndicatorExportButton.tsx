import { FileExcelOutlined } from "@ant-design/icons";
import { App, Button } from "antd";
import { useState } from "react";
import { isApiError } from "../../../api/errors";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";

interface IndicatorExportButtonProps {
  /** Downloads the file; rejects with the server's error. */
  run: () => Promise<void>;
  disabled?: boolean;
  "data-testid"?: string;
}

/**
 * 导出 Excel. A request over the row limit (400 export_too_large) shows the server's message, which
 * says how to narrow it, in a dialog that stays until read; other failures in a toast.
 */
export function IndicatorExportButton({ run, disabled, ...rest }: IndicatorExportButtonProps) {
  const t = useT();
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const onClick = async () => {
    setBusy(true);
    try {
      await run();
    } catch (error) {
      if (isApiError(error) && error.code === "export_too_large") {
        modal.warning({ title: t("indicators.exportTooLarge"), content: error.message });
      } else {
        message.error(errorMessageOf(error, t("common.error")));
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      icon={<FileExcelOutlined />}
      loading={busy}
      disabled={disabled}
      onClick={() => void onClick()}
      data-testid={rest["data-testid"]}
    >
      {t("indicators.export")}
    </Button>
  );
}
