import { FileDropZone } from "../../../components/FileDropZone";
import { useT } from "../../../i18n/use-t";

/** What the server parses: Word (.docx), PDF with text, Excel (.xlsx) and CSV task lists, plain text and Markdown. */
const ACCEPTED =
  ".docx,.pdf,.xlsx,.csv,.txt,.md,application/vnd.openxmlformats-officedocument.wordprocessingml.document," +
  "application/pdf,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv,text/plain,text/markdown";

interface PlanFileStepProps {
  fileName: string | undefined;
  onFile: (file: File) => void;
  /** Upload progress in percent while the preview is under way; null when the total is unknown. */
  progress: number | null | undefined;
  busy: boolean;
}

/** Step 1 of the plan import: the implementation plan as the county already has it. */
export function PlanFileStep({ fileName, onFile, progress, busy }: PlanFileStepProps) {
  const t = useT();
  return (
    <FileDropZone
      accept={ACCEPTED}
      fileName={fileName}
      onFile={onFile}
      progress={progress}
      busy={busy}
      texts={{
        choose: t("planImport.choose"),
        hint: t("planImport.chooseHint"),
        uploading: t("planImport.uploading"),
        processing: t("planImport.parsing"),
      }}
      data-testid="plan-import-file"
      progressTestId="plan-import-progress"
    />
  );
}
