import { DatePicker } from "antd";
import dayjs from "dayjs";

const DATE_FORMAT = "YYYY-MM-DD";
const MONTH_FORMAT = "YYYY-MM";

/** Today as the ISO date "YYYY-MM-DD" the pickers and the API speak, in the browser's time zone. */
export function todayIso(): string {
  return dayjs().format(DATE_FORMAT);
}

interface DateStringPickerProps {
  id?: string;
  /** An ISO date "YYYY-MM-DD", as the API sends and takes it. */
  value?: string | null;
  onChange?: (value: string | null) => void;
  disabled?: boolean;
  /** "month": the registry's year-and-month fields, stored as the 1st of the month. */
  picker?: "date" | "month";
  "data-testid"?: string;
}

/** antd's DatePicker speaking ISO date strings instead of dayjs objects, for use inside Form.Item. */
export function DateStringPicker({
  id,
  value,
  onChange,
  disabled,
  picker = "date",
  ...rest
}: DateStringPickerProps) {
  const month = picker === "month";
  return (
    <DatePicker
      id={id}
      style={{ width: "100%" }}
      picker={picker}
      format={month ? MONTH_FORMAT : DATE_FORMAT}
      disabled={disabled}
      value={value ? dayjs(value, DATE_FORMAT) : null}
      onChange={(date) =>
        onChange?.(date ? (month ? date.startOf("month") : date).format(DATE_FORMAT) : null)
      }
      data-testid={rest["data-testid"]}
    />
  );
}
