import type { MeetingKind } from "@tuanwu/domain";
import { Alert, Button, Checkbox, Flex, Form, Input, InputNumber, Select, Typography } from "antd";
import { useState } from "react";
import { isApiError } from "../../../api/errors";
import { useT } from "../../../i18n/use-t";
import type { MeetingCreateBody } from "../api/meeting-queries";
import { MEETING_KIND_OPTIONS, useMeetingKindLabel } from "../org-life-labels";

/** One member of the branch roll. */
export interface RollMember {
  id: number;
  name: string;
}

interface FormValues {
  kind: MeetingKind;
  heldOn: string;
  topic: string;
  minutes?: string;
  classHours?: number | null;
}

/** Today in China (UTC+8) as YYYY-MM-DD: the default date and the form's upper bound (no future meetings). */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Record a meeting in one form (支部团员大会, 支委会, 团小组会, 团课, 主题团日, 中学团校): kind, date (not in the
 * future), topic, class hours for 团课, minutes, and the attendees — only members of the branch roll can be
 * picked; everyone starts present, unticking marks a member absent and asks for the reason (domain.md §5).
 * `onSubmit` gets the POST body; a 400 from the server is shown with the field it names.
 */
export function MeetingForm({
  roll,
  submitting,
  error,
  onSubmit,
  onCancel,
}: {
  roll: readonly RollMember[];
  submitting?: boolean;
  error?: unknown;
  onSubmit: (body: MeetingCreateBody) => void;
  onCancel?: () => void;
}) {
  const t = useT();
  const kindLabel = useMeetingKindLabel();
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch("kind", form);
  const [absent, setAbsent] = useState<Record<number, string>>({});
  const [missingReason, setMissingReason] = useState(false);
  const today = todayInChina();

  function toggle(memberId: number, present: boolean) {
    setAbsent((current) => {
      const next = { ...current };
      if (present) delete next[memberId];
      else next[memberId] = "";
      return next;
    });
  }

  function submit(values: FormValues) {
    const rollIds = new Set(roll.map((member) => member.id));
    const attendance = roll.map((member) =>
      member.id in absent
        ? { memberId: member.id, status: "absent" as const, absenceReason: absent[member.id]?.trim() ?? "" }
        : { memberId: member.id, status: "present" as const },
    );
    if (attendance.some((entry) => entry.status === "absent" && !entry.absenceReason)) {
      setMissingReason(true);
      return;
    }
    setMissingReason(false);
    onSubmit({
      kind: values.kind,
      heldOn: values.heldOn,
      topic: values.topic.trim(),
      minutes: values.minutes?.trim() || undefined,
      classHours: values.kind === "league_class" ? (values.classHours ?? null) : null,
      attendance: attendance.filter((entry) => rollIds.has(entry.memberId)),
    } as MeetingCreateBody);
  }

  const presentCount = roll.length - Object.keys(absent).length;
  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      initialValues={{ kind: "general_meeting", heldOn: today }}
      onFinish={submit}
      data-testid="meeting-form"
    >
      <Form.Item name="kind" label={t("meetings.kind")} rules={[{ required: true }]}>
        <Select
          options={MEETING_KIND_OPTIONS.map((value) => ({ value, label: kindLabel(value) }))}
          data-testid="meeting-kind"
        />
      </Form.Item>
      <Form.Item
        name="heldOn"
        label={t("meetings.heldOn")}
        rules={[
          { required: true },
          {
            validator: (_, value: string) =>
              value && value > today ? Promise.reject(new Error(t("meetings.heldOn"))) : Promise.resolve(),
          },
        ]}
      >
        <Input type="date" max={today} data-testid="meeting-held-on" />
      </Form.Item>
      <Form.Item
        name="topic"
        label={t("meetings.topic")}
        rules={[{ required: true, whitespace: true, max: 200 }]}
      >
        <Input data-testid="meeting-topic" />
      </Form.Item>
      {kind === "league_class" && (
        <Form.Item name="classHours" label={t("meetings.classHours")} rules={[{ required: true }]}>
          <InputNumber
            min={0.5}
            max={40}
            step={0.5}
            style={{ width: "100%" }}
            data-testid="meeting-class-hours"
          />
        </Form.Item>
      )}
      <Form.Item label={t("meetings.attendees")} extra={t("meetings.attendeesHint")}>
        <Flex vertical gap={6} data-testid="meeting-attendees">
          <Typography.Text type="secondary">
            {t("meetings.counts", { present: presentCount, absent: roll.length - presentCount })}
          </Typography.Text>
          {roll.map((member) => {
            const isAbsent = member.id in absent;
            return (
              <Flex key={member.id} gap={8} align="center" wrap data-testid={`attendee-${member.id}`}>
                <Checkbox
                  checked={!isAbsent}
                  onChange={(event) => toggle(member.id, event.target.checked)}
                  style={{ minWidth: 96 }}
                >
                  {member.name}
                </Checkbox>
                {isAbsent && (
                  <Input
                    size="small"
                    style={{ flex: 1, minWidth: 140 }}
                    placeholder={t("meetings.absenceReason")}
                    aria-label={`${member.name} ${t("meetings.absenceReason")}`}
                    value={absent[member.id]}
                    status={missingReason && !absent[member.id]?.trim() ? "error" : undefined}
                    onChange={(event) =>
                      setAbsent((current) => ({ ...current, [member.id]: event.target.value }))
                    }
                    data-testid={`absence-reason-${member.id}`}
                  />
                )}
              </Flex>
            );
          })}
        </Flex>
      </Form.Item>
      <Form.Item name="minutes" label={t("meetings.minutes")}>
        <Input.TextArea rows={4} data-testid="meeting-minutes" />
      </Form.Item>
      {missingReason && (
        <Alert
          type="error"
          showIcon
          title={t("meetings.absenceReason")}
          data-testid="meeting-missing-reason"
        />
      )}
      {isApiError(error) && <Alert type="error" showIcon title={error.message} data-testid="meeting-error" />}
      <Flex gap={8} justify="flex-end" style={{ marginTop: 12 }}>
        {onCancel && <Button onClick={onCancel}>{t("meetings.cancel")}</Button>}
        <Button type="primary" htmlType="submit" loading={submitting} data-testid="meeting-save">
          {t("meetings.save")}
        </Button>
      </Flex>
    </Form>
  );
}
