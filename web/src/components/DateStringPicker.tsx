import { DatePicker } from "antd";
import dayjs from "dayjs";

const DATE_FORMAT = "YYYY-MM-DD";

interface DateStringPickerProps {
  id?: string;
  /** An ISO date "YYYY-MM-DD", as the API sends and takes it. */
  value?: string | null;
  onChange?: (value: string | null) => void;
  disabled?: boolean;
}

/** antd's DatePicker speaking ISO date strings instead of dayjs objects, for use inside Form.Item. */
export function DateStringPicker({ id, value, onChange, disabled }: DateStringPickerProps) {
  return (
    <DatePicker
      id={id}
      style={{ width: "100%" }}
      format={DATE_FORMAT}
      disabled={disabled}
      value={value ? dayjs(value, DATE_FORMAT) : null}
      onChange={(date) => onChange?.(date ? date.format(DATE_FORMAT) : null)}
    />
  );
}
