import { App, Button, Card, Flex, Form, InputNumber, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { DateStringPicker } from "../../../components/DateStringPicker";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { showFieldErrorOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";
import type { TransferSeasonBody } from "../api/transfer-queries";
import { useSaveTransferSeason, useTransferSeason } from "../hooks/use-transfers";

const FIELDS = ["initiatedBy", "approvedBy", "completedBy", "mobileBranchMonths"] as const;

/** The graduation season of `today`'s date: this year's from 1 June, else last year's. */
export function currentSeasonYear(today: Date = new Date()): number {
  return today.getMonth() >= 5 ? today.getFullYear() : today.getFullYear() - 1;
}

interface SeasonSettingsCardProps {
  organizationId: number;
  /** member:write: the form can be saved; else the settings are only shown. */
  canWrite: boolean;
}

/**
 * 毕业季设置 (issue 11 part 4): the deadlines that apply at a committee for a year — initiated by,
 * approved by (after it, an application not reviewed within 10 days returns automatically), completed
 * by — and how many months graduates stay in a mobile members' branch (6–12). Shows whose setting
 * applies (this committee's, an ancestor's, or the default); a committee with member:write sets its own.
 * A 400 shows beside the field it names.
 */
export function SeasonSettingsCard({ organizationId, canWrite }: SeasonSettingsCardProps) {
  const t = useT();
  const { message } = App.useApp();
  const [year, setYear] = useState(currentSeasonYear);
  const season = useTransferSeason(organizationId, year);
  const save = useSaveTransferSeason(organizationId, year);
  const [form] = Form.useForm<TransferSeasonBody>();

  useEffect(() => {
    if (season.data) {
      form.setFieldsValue({
        initiatedBy: season.data.initiatedBy,
        approvedBy: season.data.approvedBy,
        completedBy: season.data.completedBy,
        mobileBranchMonths: season.data.mobileBranchMonths,
      });
    }
  }, [season.data, form]);

  const source = !season.data
    ? null
    : season.data.own
      ? t("transfers.seasonOwn")
      : season.data.fromOrganizationId === null
        ? t("transfers.seasonDefault")
        : t("transfers.seasonInherited");

  return (
    <Card
      size="small"
      title={t("transfers.seasonSettings")}
      loading={season.isPending}
      extra={
        <Flex gap={8} align="center">
          <Typography.Text>{t("transfers.seasonYear")}</Typography.Text>
          <InputNumber<number>
            min={2000}
            max={2100}
            value={year}
            onChange={(value) => value !== null && setYear(value)}
            data-testid="season-year"
          />
        </Flex>
      }
      data-testid="season-settings"
    >
      {source && (
        <Tag color={season.data?.own ? "blue" : "default"} data-testid="season-source">
          {source}
        </Tag>
      )}
      <FormErrorAlert error={save.error} fieldNames={FIELDS} style={{ margin: "12px 0" }} />
      <Form<TransferSeasonBody>
        form={form}
        layout="vertical"
        disabled={!canWrite}
        style={{ maxWidth: 480, marginTop: 12 }}
        onFinish={(values) =>
          save.mutate(values, {
            onSuccess: () => message.success(t("transfers.seasonSaved")),
            onError: (error) => showFieldErrorOf(form, error, FIELDS),
          })
        }
        data-testid="season-form"
      >
        <Form.Item name="initiatedBy" label={t("transfers.initiatedBy")} rules={[{ required: true }]}>
          <DateStringPicker data-testid="season-initiated-by" />
        </Form.Item>
        <Form.Item
          name="approvedBy"
          label={t("transfers.approvedBy")}
          extra={t("transfers.approvedByHint")}
          rules={[{ required: true }]}
        >
          <DateStringPicker data-testid="season-approved-by" />
        </Form.Item>
        <Form.Item name="completedBy" label={t("transfers.completedBy")} rules={[{ required: true }]}>
          <DateStringPicker data-testid="season-completed-by" />
        </Form.Item>
        <Form.Item
          name="mobileBranchMonths"
          label={t("transfers.mobileBranchMonths")}
          extra={t("transfers.mobileBranchMonthsHint")}
          rules={[{ required: true }]}
        >
          <InputNumber<number> min={6} max={12} precision={0} data-testid="season-months" />
        </Form.Item>
        {canWrite && (
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="season-save">
            {t("common.save")}
          </Button>
        )}
      </Form>
    </Card>
  );
}
