import { DatePicker, Flex, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { errorMessageOf } from "../../../components/form-errors";
import { useT } from "../../../i18n/use-t";

const DATE_FORMAT = "YYYY-MM-DD";

/** Today, or the last day of a month before this one: the dates figures are kept for. */
function isSelectable(date: Dayjs): boolean {
  const today = dayjs();
  if (date.isSame(today, "day")) return true;
  return date.isBefore(today, "day") && date.isSame(date.endOf("month"), "day");
}

interface AsOfPickerProps {
  /** "YYYY-MM-DD", or undefined for today. */
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  /** The server's answer to that date, when it refused it (400: before the data begins, in the future). */
  error?: unknown;
}

/** 统计日期: today (live) or a past month-end; the server's refusal shows beside it. */
export function AsOfPicker({ value, onChange, error }: AsOfPickerProps) {
  const t = useT();
  return (
    <Flex align="center" gap={8} wrap>
      <Typography.Text>{t("indicators.asOf")}</Typography.Text>
      <DatePicker
        value={value ? dayjs(value, DATE_FORMAT) : dayjs()}
        format={DATE_FORMAT}
        allowClear={false}
        disabledDate={(date) => !isSelectable(date)}
        status={error ? "error" : undefined}
        onChange={(date: Dayjs | null) => {
          if (date) onChange(date.isSame(dayjs(), "day") ? undefined : date.format(DATE_FORMAT));
        }}
        renderExtraFooter={() => (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("indicators.asOfHint")}
          </Typography.Text>
        )}
        data-testid="indicators-as-of"
      />
      {error ? (
        <Typography.Text type="danger" data-testid="indicators-as-of-error">
          {errorMessageOf(error, t("common.error"))}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}
