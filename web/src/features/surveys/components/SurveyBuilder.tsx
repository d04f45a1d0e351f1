import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import type { SurveyQuestionInput, SurveyQuestionKind } from "@tuanwu/domain";
import { Button, Card, Checkbox, Empty, Flex, Input, InputNumber, Space } from "antd";
import { useT } from "../../../i18n/use-t";
import type { MessageKey } from "../../../i18n/zh-CN";

const KIND_KEYS: Record<SurveyQuestionKind, MessageKey> = {
  single_choice: "youth.surveys.kind.single",
  multiple_choice: "youth.surveys.kind.multiple",
  scale: "youth.surveys.kind.scale",
  text: "youth.surveys.kind.text",
};

/** The next unused id with `prefix` ("q3", "o7"): ids stay stable when questions move or labels change. */
export function nextSurveyId(prefix: string, taken: readonly string[]): string {
  let number = taken.length + 1;
  while (taken.includes(`${prefix}${number}`)) number += 1;
  return `${prefix}${number}`;
}

/** A new question of `kind`, with an id not in `taken`. */
export function newSurveyQuestion(kind: SurveyQuestionKind, taken: readonly string[]): SurveyQuestionInput {
  const id = nextSurveyId("q", taken);
  switch (kind) {
    case "single_choice":
    case "multiple_choice":
      return {
        id,
        kind,
        title: "",
        required: true,
        options: [
          { id: "o1", label: "" },
          { id: "o2", label: "" },
        ],
      };
    case "scale":
      return { id, kind, title: "", required: true, min: 1, max: 5 };
    case "text":
      return { id, kind, title: "", required: false };
  }
}

/** Options from the textarea, one a line; a kept label keeps its id, a new one takes the next free id. */
export function optionsFromLines(
  text: string,
  previous: readonly { id: string; label: string }[],
): { id: string; label: string }[] {
  const taken = previous.map((option) => option.id);
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((label) => {
      const kept = previous.find((option) => option.label === label);
      if (kept) return kept;
      const id = nextSurveyId("o", taken);
      taken.push(id);
      return { id, label };
    });
}

interface SurveyBuilderProps {
  value: SurveyQuestionInput[];
  onChange: (questions: SurveyQuestionInput[]) => void;
  disabled?: boolean;
}

/**
 * The survey builder (问卷题目编辑, issue 14 part 4): single and multiple choice, scale and text questions,
 * required or not, reordered and removed. Controlled: the page holds the questions and saves them; the
 * server validates them (domain `surveyQuestionsSchema`) and names the field of any problem.
 */
export function SurveyBuilder({ value, onChange, disabled = false }: SurveyBuilderProps) {
  const t = useT();
  const update = (index: number, question: SurveyQuestionInput) =>
    onChange(value.map((each, at) => (at === index ? question : each)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...value];
    const [moved] = next.splice(index, 1);
    if (moved) next.splice(index + by, 0, moved);
    onChange(next);
  };
  const add = (kind: SurveyQuestionKind) =>
    onChange([
      ...value,
      newSurveyQuestion(
        kind,
        value.map((question) => question.id),
      ),
    ]);
  return (
    <Flex vertical gap={12} data-testid="survey-builder">
      {value.length === 0 && <Empty description={t("youth.surveys.noQuestions")} />}
      {value.map((question, index) => (
        <Card
          key={question.id}
          size="small"
          title={`${index + 1}. ${t(KIND_KEYS[question.kind])}`}
          data-testid="survey-question"
          extra={
            <Space size={4}>
              <Button
                size="small"
                icon={<ArrowUpOutlined />}
                aria-label={t("youth.surveys.moveUp")}
                disabled={disabled || index === 0}
                onClick={() => move(index, -1)}
              />
              <Button
                size="small"
                icon={<ArrowDownOutlined />}
                aria-label={t("youth.surveys.moveDown")}
                disabled={disabled || index === value.length - 1}
                onClick={() => move(index, 1)}
              />
              <Button
                size="small"
                danger
                icon={<DeleteOutlined />}
                aria-label={t("youth.surveys.remove")}
                disabled={disabled}
                onClick={() => onChange(value.filter((_, at) => at !== index))}
              />
            </Space>
          }
        >
          <Flex vertical gap={8}>
            <Input
              placeholder={t("youth.surveys.question")}
              aria-label={t("youth.surveys.question")}
              value={question.title}
              disabled={disabled}
              maxLength={300}
              onChange={(event) => update(index, { ...question, title: event.target.value })}
            />
            <Checkbox
              checked={question.required}
              disabled={disabled}
              onChange={(event) => update(index, { ...question, required: event.target.checked })}
            >
              {t("youth.surveys.required")}
            </Checkbox>
            {(question.kind === "single_choice" || question.kind === "multiple_choice") && (
              <Input.TextArea
                aria-label={t("youth.surveys.options")}
                placeholder={t("youth.surveys.options")}
                autoSize={{ minRows: 2, maxRows: 8 }}
                disabled={disabled}
                defaultValue={question.options.map((option) => option.label).join("\n")}
                onBlur={(event) =>
                  update(index, {
                    ...question,
                    options: optionsFromLines(event.target.value, question.options),
                  })
                }
              />
            )}
            {question.kind === "scale" && (
              <Space>
                <span>{t("youth.surveys.scaleRange")}</span>
                <InputNumber
                  min={0}
                  max={10}
                  value={question.min}
                  disabled={disabled}
                  onChange={(min) => update(index, { ...question, min: min ?? 1 })}
                />
                <span>–</span>
                <InputNumber
                  min={1}
                  max={10}
                  value={question.max}
                  disabled={disabled}
                  onChange={(max) => update(index, { ...question, max: max ?? 5 })}
                />
              </Space>
            )}
          </Flex>
        </Card>
      ))}
      {!disabled && (
        <Flex gap={8} wrap>
          <PlusOutlined />
          {(Object.keys(KIND_KEYS) as SurveyQuestionKind[]).map((kind) => (
            <Button key={kind} size="small" onClick={() => add(kind)} data-testid={`survey-add-${kind}`}>
              {t(KIND_KEYS[kind])}
            </Button>
          ))}
        </Flex>
      )}
    </Flex>
  );
}
