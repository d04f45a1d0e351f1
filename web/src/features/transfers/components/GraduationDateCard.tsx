import { App, Button, Card, Flex, Typography } from "antd";
import { useState } from "react";
import { DateStringPicker } from "../../../components/DateStringPicker";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { useT } from "../../../i18n/use-t";
import { useSaveGraduationDate } from "../hooks/use-transfers";

interface GraduationDateCardProps {
  /** The class branch (毕业班团支部). */
  organizationId: number;
  /** Its graduation date as the organization's detail carries it (organization.graduates_on). */
  graduatesOn: string | null | undefined;
  /** member:write: the date can be set or cleared; else only shown. */
  canWrite: boolean;
}

/**
 * 毕业时间 (issue 11 part 4): a school branch's graduation date, which makes its members graduates for
 * the class batch; set or cleared with PUT /organizations/{id}/graduation-date (the organization is
 * refetched). A 400 (not a branch, not a date) shows under the picker.
 */
export function GraduationDateCard({ organizationId, graduatesOn, canWrite }: GraduationDateCardProps) {
  const t = useT();
  const { message } = App.useApp();
  const [value, setValue] = useState<string | null>(graduatesOn ?? null);
  const save = useSaveGraduationDate(organizationId);
  const run = (next: string | null) =>
    save.mutate(next, {
      onSuccess: (view) => {
        setValue(view.graduatesOn);
        message.success(t("transfers.graduationSaved"));
      },
    });

  return (
    <Card size="small" title={t("transfers.graduationDate")} data-testid="graduation-date">
      <Flex vertical gap={8} style={{ maxWidth: 480 }}>
        <Typography.Text type="secondary">{t("transfers.graduationDateHint")}</Typography.Text>
        <Typography.Text data-testid="graduation-date-current">
          {graduatesOn ? t("transfers.graduatesOn", { date: graduatesOn }) : t("transfers.graduationUnset")}
        </Typography.Text>
        {canWrite && (
          <Flex gap={8} align="center">
            <DateStringPicker value={value} onChange={setValue} data-testid="graduation-date-picker" />
            <Button
              type="primary"
              disabled={!value || value === graduatesOn}
              loading={save.isPending}
              onClick={() => run(value)}
              data-testid="graduation-date-save"
            >
              {t("common.save")}
            </Button>
            {graduatesOn && (
              <Button onClick={() => run(null)} disabled={save.isPending} data-testid="graduation-date-clear">
                {t("transfers.graduationClear")}
              </Button>
            )}
          </Flex>
        )}
        <FormErrorAlert error={save.error} fieldNames={[]} />
      </Flex>
    </Card>
  );
}
