import { FilePdfOutlined, FileWordOutlined } from "@ant-design/icons";
import { App, Button, Flex } from "antd";
import { useState } from "react";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import { useAbilities } from "../../auth/hooks/use-abilities";
import { downloadTransferLetter, type TransferDetail } from "../api/transfer-queries";
import { useIssueTransferLetter } from "../hooks/use-transfers";

/**
 * The introduction letter 组织关系介绍信 of a transfer out of the installation (issue 11 part 3): the
 * sending side (member:write) issues it once (numbered, with a verification code), then prints it as
 * .docx or PDF (each download audited by the server). Shown only for a transfer to an organization
 * tuanwu does not hold; nothing for the member or the receiving side (the routes refuse them).
 */
export function TransferLetterButtons({ transfer }: { transfer: TransferDetail }) {
  const t = useT();
  const { message } = App.useApp();
  const abilities = useAbilities();
  const issue = useIssueTransferLetter();
  const [downloading, setDownloading] = useState<"docx" | "pdf">();
  const outside = transfer.outOfInstallation;
  const sendingSide = transfer.side === "sending" || transfer.side === "both";
  if (!outside || !sendingSide || !abilities.can("member:write")) return null;

  const download = async (format: "docx" | "pdf") => {
    setDownloading(format);
    try {
      await downloadTransferLetter(transfer.id, format);
    } catch (error) {
      void message.error(errorMessageOf(error, t("common.error")));
    } finally {
      setDownloading(undefined);
    }
  };

  if (transfer.letterNumber === null) {
    // The sending committee's approval issues it; a transferred-out one without a letter gets it here.
    if (transfer.state !== "transferred_out") return null;
    return (
      <Button
        onClick={() =>
          issue.mutate(transfer.id, {
            onSuccess: (letter) =>
              void message.success(t("transfers.letterIssued", { number: letter.letterNumber })),
            onError: (error) => void message.error(errorMessageOf(error, t("common.error"))),
          })
        }
        loading={issue.isPending}
        data-testid="transfer-letter-issue"
      >
        {t("transfers.letterIssue")}
      </Button>
    );
  }
  return (
    <Flex gap={8} wrap data-testid="transfer-letter">
      <Button
        icon={<FileWordOutlined />}
        loading={downloading === "docx"}
        onClick={() => void download("docx")}
        data-testid="transfer-letter-docx"
      >
        {t("transfers.letterDocx")}
      </Button>
      <Button
        icon={<FilePdfOutlined />}
        loading={downloading === "pdf"}
        onClick={() => void download("pdf")}
        data-testid="transfer-letter-pdf"
      >
        {t("transfers.letterPdf")}
      </Button>
    </Flex>
  );
}
