import { CANDIDATE_SOURCES, type DevelopmentAction, type DevelopmentState } from "@tuanwu/domain";
import { Form, Input, InputNumber, Select } from "antd";
import type { Rule } from "antd/es/form";
import { useState } from "react";
import { DateStringPicker, todayIso } from "../../../components/DateStringPicker";
import { useLabels } from "../../../i18n/labels";
import { type Translate, useT } from "../../../i18n/use-t";
import type { MessageKey } from "../../../i18n/zh-CN";
import { useMemberOptions } from "../hooks/use-development";
import { ACTION_FIELDS, type ActionField } from "./action-fields";

/** The form's initial values of `action`: its dates default to today. */
export function initialValuesOf(action: DevelopmentAction): Record<string, unknown> {
  const fields: readonly ActionField[] = ACTION_FIELDS[action];
  return Object.fromEntries(
    fields.filter((field) => field.kind === "date").map((field) => [field.name, todayIso()]),
  );
}

/** The payload of the form's values: empty optional fields left out, texts trimmed. */
export function payloadOf(
  action: DevelopmentAction,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  const fields: readonly ActionField[] = ACTION_FIELDS[action];
  for (const field of fields) {
    const value = values[field.name];
    const cleaned = typeof value === "string" ? value.trim() : value;
    if (cleaned === undefined || cleaned === null || cleaned === "") continue;
    payload[field.name] = cleaned;
  }
  return payload;
}

/** The label key of a payload field (发展团员 step forms). */
export function fieldLabelKey(name: string): MessageKey {
  return `development.field.${name}` as MessageKey;
}

function rulesOf(field: ActionField, t: Translate): Rule[] {
  if (!field.required) return [];
  if (field.kind === "members") {
    return [
      {
        required: true,
        type: "array",
        min: field.min,
        max: field.max,
        message: t(field.min === field.max ? "development.membersExactly" : "development.membersBetween", {
          min: field.min ?? 1,
          max: field.max ?? 1,
        }),
      },
    ];
  }
  if (field.kind === "count") return [{ required: true, type: "number", message: t("development.required") }];
  return [{ required: true, whitespace: field.kind === "reason", message: t("development.required") }];
}

interface ActionFormFieldsProps {
  action: DevelopmentAction;
  /** The earlier steps a return may name (return_to_step). */
  returnTargets?: readonly DevelopmentState[];
  /** Where mentors and sponsors are searched (the application's branch). */
  memberScopeId: number;
}

/** The inputs of one step's form, built from ACTION_FIELDS; each error shows beside its field. */
export function ActionFormFields({ action, returnTargets = [], memberScopeId }: ActionFormFieldsProps) {
  const t = useT();
  const labels = useLabels();
  const fields: readonly ActionField[] = ACTION_FIELDS[action];
  return (
    <>
      {fields.map((field) => (
        <Form.Item
          key={field.name}
          name={field.name}
          label={t(fieldLabelKey(field.name))}
          rules={rulesOf(field, t)}
        >
          {field.kind === "date" ? (
            <DateStringPicker data-testid={`field-${field.name}`} />
          ) : field.kind === "count" ? (
            <InputNumber<number>
              min={0}
              precision={0}
              style={{ width: "100%" }}
              data-testid={`field-${field.name}`}
            />
          ) : field.kind === "candidateSource" ? (
            <Select
              data-testid={`field-${field.name}`}
              options={CANDIDATE_SOURCES.map((source) => ({
                value: source,
                label: labels.candidateSource(source),
              }))}
            />
          ) : field.kind === "returnTarget" ? (
            <Select
              data-testid={`field-${field.name}`}
              options={returnTargets.map((state) => ({
                value: state,
                label: labels.developmentState(state),
              }))}
            />
          ) : field.kind === "members" ? (
            <MemberPicker
              organizationId={memberScopeId}
              max={field.max ?? 2}
              testId={`field-${field.name}`}
            />
          ) : (
            <Input.TextArea
              rows={field.kind === "reason" ? 3 : 4}
              maxLength={field.kind === "reason" ? 500 : 2000}
              showCount
              data-testid={`field-${field.name}`}
            />
          )}
        </Form.Item>
      ))}
    </>
  );
}

interface MemberPickerProps {
  id?: string;
  value?: number[];
  onChange?: (value: number[]) => void;
  organizationId: number;
  max: number;
  testId: string;
}

/** Active members of the branch, searched by name (mentors 培养联系人, sponsors 入团介绍人). */
function MemberPicker({ id, value, onChange, organizationId, max, testId }: MemberPickerProps) {
  const t = useT();
  const [q, setQ] = useState("");
  const options = useMemberOptions(organizationId, q);
  return (
    <Select<number[]>
      id={id}
      mode="multiple"
      value={value}
      onChange={(next) => onChange?.(next.slice(0, max))}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={options.isFetching}
      placeholder={t("development.memberSearch")}
      notFoundContent={t("development.noMembers")}
      options={(options.data?.items ?? []).map((member) => ({
        value: member.id,
        label: `${member.name}（${member.organizationName}）`,
      }))}
      data-testid={testId}
    />
  );
}
