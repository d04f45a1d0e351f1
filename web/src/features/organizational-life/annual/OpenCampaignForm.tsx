import { Alert, Button, Flex, Input, InputNumber } from "antd";
import { useState } from "react";
import { useT } from "../../../i18n/use-t";
import { todayInChina } from "../components/MeetingForm";
import { useOpenCampaign } from "./annual-api";

/** A committee opens a campaign for its subtree: year, opens on, closes on (defaults: this year, today … +30 days). */
export function OpenCampaignForm({
  organizationId,
  kind,
}: {
  organizationId: number;
  kind: "review" | "registration";
}) {
  const t = useT();
  const today = todayInChina();
  const [year, setYear] = useState<number | null>(Number(today.slice(0, 4)));
  const [opensOn, setOpensOn] = useState(today);
  const [closesOn, setClosesOn] = useState(addDays(today, 30));
  const open = useOpenCampaign(organizationId, kind);
  return (
    <Flex vertical gap={8} data-testid={`open-${kind}-campaign`}>
      <Flex gap={8} wrap align="center">
        <InputNumber
          min={2000}
          max={2100}
          value={year}
          onChange={setYear}
          style={{ width: 96 }}
          aria-label={t("annual.year")}
        />
        <Input
          type="date"
          value={opensOn}
          onChange={(event) => setOpensOn(event.target.value)}
          style={{ width: 150 }}
          aria-label={t("annual.opensOn")}
        />
        <Input
          type="date"
          value={closesOn}
          onChange={(event) => setClosesOn(event.target.value)}
          style={{ width: 150 }}
          aria-label={t("annual.closesOn")}
        />
        <Button
          type="primary"
          disabled={year === null || !opensOn || !closesOn}
          loading={open.isPending}
          onClick={() => year !== null && open.mutate({ year, opensOn, closesOn })}
          data-testid={`open-${kind}-submit`}
        >
          {kind === "review" ? t("annual.openReview") : t("annual.openRegistration")}
        </Button>
      </Flex>
      {open.error && <Alert type="error" showIcon title={open.error.message} />}
      {open.isSuccess && <Alert type="success" showIcon title={t("annual.opened")} />}
    </Flex>
  );
}

/** `YYYY-MM-DD` plus `days` (UTC arithmetic on a calendar date). */
export function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}
