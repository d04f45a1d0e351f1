import { useQuery } from "@tanstack/react-query";
import { Flex, InputNumber, Modal, Progress, Typography } from "antd";
import { useState } from "react";
import { useT } from "../../../i18n/use-t";
import { type Cadre, dutiesQuery } from "../api/cadre-queries";

/** A cadre's yearly duties (GET /cadres/{id}/duties?year=): each minimum against what the logs show. */
export function DutiesModal({ cadre, onClose }: { cadre: Cadre; onClose: () => void }) {
  const t = useT();
  const [year, setYear] = useState(new Date().getFullYear());
  const duties = useQuery(dutiesQuery(cadre.id, year));
  return (
    <Modal open footer={null} onCancel={onClose} title={`${cadre.name} · ${t("cadres.duties")}`}>
      <Flex vertical gap={8} data-testid="cadre-duties">
        <InputNumber value={year} min={2000} max={2100} onChange={(value) => value && setYear(value)} />
        {duties.data?.duties.map((duty) => (
          <Flex key={duty.key} gap={8} align="center">
            <Typography.Text style={{ width: 160 }}>{duty.label}</Typography.Text>
            <Progress
              style={{ flex: 1, margin: 0 }}
              size="small"
              percent={Math.min(100, Math.round((duty.done / Math.max(1, duty.minimum)) * 100))}
              format={() => `${duty.done}/${duty.minimum}${duty.unit}`}
              status={duty.met ? "success" : "normal"}
            />
          </Flex>
        ))}
        {duties.data && (
          <Typography.Text type="secondary">
            {t("contactLog.grassrootsDays", { days: duties.data.grassrootsDays })} ·{" "}
            {duties.data.allMet ? t("cadres.dutiesMet") : t("cadres.dutiesNotMet")}
          </Typography.Text>
        )}
        {duties.isError && <Typography.Text type="danger">{(duties.error as Error).message}</Typography.Text>}
      </Flex>
    </Modal>
  );
}
