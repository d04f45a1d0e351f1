import { FileExcelOutlined, FileWordOutlined } from "@ant-design/icons";
import { App, Button, Flex } from "antd";
import { useState } from "react";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { downloadLedger, downloadProgressReport } from "./export-queries";

/** 导出: the ledger as .xlsx (台账, every column) and a progress report (信息报送) as .docx, as of today. */
export function PlanExportButtons({ planId, dueSoonDays }: { planId: number; dueSoonDays: number }) {
  const t = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<"ledger" | "report">();
  const run = async (which: "ledger" | "report") => {
    setBusy(which);
    try {
      await (which === "ledger"
        ? downloadLedger(planId, dueSoonDays)
        : downloadProgressReport(planId, dueSoonDays));
    } catch (error) {
      message.error(errorMessageOf(error, t("common.error")));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Flex gap={8}>
      <Button
        icon={<FileExcelOutlined />}
        loading={busy === "ledger"}
        onClick={() => void run("ledger")}
        data-testid="plan-export-ledger"
      >
        {t("export.ledger")}
      </Button>
      <Button
        icon={<FileWordOutlined />}
        loading={busy === "report"}
        onClick={() => void run("report")}
        data-testid="plan-export-report"
      >
        {t("export.progressReport")}
      </Button>
    </Flex>
  );
}
