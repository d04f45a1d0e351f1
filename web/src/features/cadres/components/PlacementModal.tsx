import { addMonths, PLACEMENT_KIND_LABELS, PLACEMENT_KINDS, placementMinimumMonths } from "@tuanwu/domain";
import { Form, Input, Select, Typography } from "antd";
import { DateStringPicker, todayIso } from "../../../components/DateStringPicker";
import { useT } from "../../../i18n/use-t";
import { type Cadre, createPlacement, type PlacementBody } from "../api/cadre-queries";
import { FormModal } from "./FormModal";

/**
 * 双向交流 / 挂职锻炼 of one cadre (issue 13 part 3; Wangcang task 4): the person and the organization
 * they come from (the cadre record), where they go (交流单位), the kind, start and end. The minimum
 * length (≥ 3 months; ≥ 1 month for a cadre new to the post, domain placementMinimumMonths) is shown
 * as a hint and the default end; the server decides and its 400 (naming the field) shows above the form.
 */
export function PlacementModal({ cadre, onClose }: { cadre: Cadre; onClose: () => void }) {
  const t = useT();
  const today = todayIso();
  const minimum = placementMinimumMonths(cadre.startedOn, today);
  return (
    <FormModal<PlacementBody>
      title={`${t("placement.add")}：${cadre.name}`}
      onClose={onClose}
      initialValues={{ kind: "exchange", startsOn: today, endsOn: addMonths(today, minimum) }}
      onSubmit={(values) => createPlacement(cadre.id, values)}
      testId="placement-form"
    >
      <Typography.Paragraph type="secondary" data-testid="placement-from">
        {t("placement.from", { organization: cadre.organizationName, post: cadre.postLabel })}
      </Typography.Paragraph>
      <Form.Item name="kind" label={t("placement.kind")} rules={[{ required: true }]}>
        <Select
          options={PLACEMENT_KINDS.map((kind) => ({ value: kind, label: PLACEMENT_KIND_LABELS[kind] }))}
        />
      </Form.Item>
      <Form.Item
        name="hostName"
        label={t("placement.hostName")}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="startsOn" label={t("placement.startsOn")} rules={[{ required: true }]}>
        <DateStringPicker />
      </Form.Item>
      <Form.Item
        name="endsOn"
        label={t("placement.endsOn")}
        rules={[{ required: true }]}
        extra={t("placement.minimum", { months: minimum })}
      >
        <DateStringPicker />
      </Form.Item>
    </FormModal>
  );
}
