import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CONTACT_LOG_KIND_LABELS, CONTACT_LOG_KINDS, type ContactLogKind } from "@tuanwu/domain";
import {
  Alert,
  Button,
  Card,
  Flex,
  Input,
  InputNumber,
  List,
  Progress,
  Result,
  Segmented,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { isApiError } from "../../../api/errors";
import { DateStringPicker } from "../../../components/DateStringPicker";
import { useT } from "../../../i18n/use-t";
import { CADRES_KEY, createOwnContactLog, ownContactLogsQuery } from "../api/cadre-queries";

/** Today's date in China (Asia/Shanghai), YYYY-MM-DD: the default and the latest allowed. */
export function chinaToday(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(now);
}

/**
 * /me/contact-logs — a cadre logs a grassroots visit from a phone (375 px) in under a minute: kind
 * (default 走访), date (default today, not in the future), youth met, an optional note; then sees this
 * year's duties (≥ 4 lectures, ≥ 10 visits, ≥ 20 talks, ≥ 100 youth, ≥ 3 branches; domain.md §6) and
 * recent logs. GET/POST /me/contact-logs; 404 = the account holds no open cadre record.
 */
export function MyContactLogsPage() {
  const t = useT();
  const queryClient = useQueryClient();
  const today = chinaToday();
  const year = Number(today.slice(0, 4));
  const own = useQuery({ ...ownContactLogsQuery(year), retry: false });
  const [kind, setKind] = useState<ContactLogKind>("visit");
  const [occurredOn, setOccurredOn] = useState<string | null>(today);
  const [youthCount, setYouthCount] = useState<number | null>(null);
  const [note, setNote] = useState("");
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      createOwnContactLog({
        kind,
        occurredOn: occurredOn ?? today,
        youthCount: youthCount ?? 0,
        note: note.trim() === "" ? null : note.trim(),
      }),
    onSuccess: async () => {
      setSaved(true);
      setNote("");
      setYouthCount(null);
      await queryClient.invalidateQueries({ queryKey: CADRES_KEY });
    },
  });

  if (own.isError && isApiError(own.error, 404))
    return <Result status="info" title={t("contactLog.notCadre")} data-testid="contact-not-cadre" />;

  return (
    <Flex vertical gap={12} data-testid="my-contact-logs">
      <Card size="small" title={t("contactLog.title")}>
        <Flex vertical gap={10}>
          <Segmented
            block
            value={kind}
            onChange={(value) => {
              setSaved(false);
              setKind(value as ContactLogKind);
            }}
            options={CONTACT_LOG_KINDS.map((code) => ({ value: code, label: CONTACT_LOG_KIND_LABELS[code] }))}
            style={{ overflowX: "auto" }}
            data-testid="contact-kind"
          />
          <Flex gap={8} wrap>
            <div style={{ flex: 1, minWidth: 150 }}>
              <label htmlFor="contact-date">
                <Typography.Text type="secondary">{t("contactLog.date")}</Typography.Text>
              </label>
              <DateStringPicker
                id="contact-date"
                value={occurredOn}
                onChange={(value) => setOccurredOn(value)}
                data-testid="contact-date"
              />
            </div>
            <div style={{ flex: 1, minWidth: 120 }}>
              <label htmlFor="contact-youth">
                <Typography.Text type="secondary">{t("contactLog.youthCount")}</Typography.Text>
              </label>
              <InputNumber
                id="contact-youth"
                min={0}
                max={10000}
                precision={0}
                inputMode="numeric"
                style={{ width: "100%" }}
                value={youthCount}
                onChange={(value) => setYouthCount(value)}
                aria-label={t("contactLog.youthCount")}
                data-testid="contact-youth"
              />
            </div>
          </Flex>
          <Input.TextArea
            rows={2}
            maxLength={500}
            placeholder={t("contactLog.note")}
            aria-label={t("contactLog.note")}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            data-testid="contact-note"
          />
          {save.isError && (
            <Alert
              type="error"
              showIcon
              message={(save.error as Error).message}
              data-testid="contact-error"
            />
          )}
          {saved && (
            <Alert type="success" showIcon message={t("contactLog.saved")} data-testid="contact-saved" />
          )}
          <Button
            type="primary"
            size="large"
            block
            loading={save.isPending}
            onClick={() => save.mutate()}
            data-testid="contact-submit"
          >
            {t("contactLog.submit")}
          </Button>
        </Flex>
      </Card>
      {own.data && (
        <Card size="small" title={t("contactLog.duties", { year })} data-testid="contact-duties">
          <Flex vertical gap={4}>
            {own.data.duties.duties.map((duty) => (
              <Flex key={duty.key} align="center" gap={8}>
                <Typography.Text style={{ width: 140 }} ellipsis>
                  {duty.label}
                </Typography.Text>
                <Progress
                  style={{ flex: 1, margin: 0 }}
                  percent={Math.min(100, Math.round((duty.done / Math.max(1, duty.minimum)) * 100))}
                  format={() => `${duty.done}/${duty.minimum}`}
                  status={duty.met ? "success" : "active"}
                  size="small"
                />
              </Flex>
            ))}
            <Typography.Text type="secondary">
              {t("contactLog.grassrootsDays", { days: own.data.duties.grassrootsDays })}
            </Typography.Text>
          </Flex>
        </Card>
      )}
      {own.data && (
        <List
          size="small"
          header={t("contactLog.recent")}
          dataSource={own.data.logs.slice(0, 10)}
          renderItem={(log) => (
            <List.Item>
              <Flex gap={8} align="center" wrap>
                <Tag>{log.kindLabel}</Tag>
                <span>{log.occurredOn}</span>
                {log.youthCount > 0 && <span>{t("contactLog.youth", { count: log.youthCount })}</span>}
                {log.note && <Typography.Text type="secondary">{log.note}</Typography.Text>}
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Flex>
  );
}
