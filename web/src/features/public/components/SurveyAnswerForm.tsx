import type { SurveyAnswerValue, SurveyQuestion } from "@tuanwu/domain";
import { Button, Card, Checkbox, Flex, Input, Radio, Typography } from "antd";
import { useState } from "react";
import { useT } from "../../../i18n/use-t";

interface SurveyAnswerFormProps {
  questions: readonly SurveyQuestion[];
  submitting: boolean;
  /** The server's problem per question id (its Chinese message), after a refused answer. */
  problems?: Readonly<Record<string, string>>;
  onSubmit: (answers: Record<string, SurveyAnswerValue>) => void;
}

/** The questions a required one left unanswered (checked again by the server). */
export function missingRequired(
  questions: readonly SurveyQuestion[],
  answers: Readonly<Record<string, SurveyAnswerValue | undefined>>,
): string[] {
  return questions
    .filter((question) => {
      if (!question.required) return false;
      const value = answers[question.id];
      if (value === undefined) return true;
      if (typeof value === "string") return value.trim() === "";
      if (Array.isArray(value)) return value.length === 0;
      return false;
    })
    .map((question) => question.id);
}

/**
 * A survey's questions on a phone (375 px, one column): radios, checkboxes, a scale as buttons, a text
 * box. Required questions left blank are flagged before sending; the server's problems show under their
 * question. Question and option texts render as text, never as HTML.
 */
export function SurveyAnswerForm({ questions, submitting, problems = {}, onSubmit }: SurveyAnswerFormProps) {
  const t = useT();
  const [answers, setAnswers] = useState<Record<string, SurveyAnswerValue | undefined>>({});
  const [flagged, setFlagged] = useState<string[]>([]);
  const set = (id: string, value: SurveyAnswerValue | undefined) =>
    setAnswers((now) => ({ ...now, [id]: value }));
  const submit = () => {
    const missing = missingRequired(questions, answers);
    setFlagged(missing);
    if (missing.length > 0) return;
    const sheet: Record<string, SurveyAnswerValue> = {};
    for (const [id, value] of Object.entries(answers)) if (value !== undefined) sheet[id] = value;
    onSubmit(sheet);
  };
  return (
    <Flex vertical gap={12} data-testid="survey-form">
      {questions.map((question, index) => {
        const problem = flagged.includes(question.id) ? t("public.survey.required") : problems[question.id];
        const value = answers[question.id];
        return (
          <Card key={question.id} size="small" data-testid={`survey-q-${question.id}`}>
            <Typography.Paragraph strong style={{ marginBottom: 8 }}>
              {question.required && <span style={{ color: "#ff4d4f" }}>* </span>}
              {`${index + 1}. ${question.title}`}
            </Typography.Paragraph>
            {question.kind === "single_choice" && (
              <Radio.Group value={value} onChange={(event) => set(question.id, event.target.value as string)}>
                <Flex vertical gap={8}>
                  {question.options.map((option) => (
                    <Radio key={option.id} value={option.id}>
                      {option.label}
                    </Radio>
                  ))}
                </Flex>
              </Radio.Group>
            )}
            {question.kind === "multiple_choice" && (
              <Checkbox.Group
                value={Array.isArray(value) ? [...value] : []}
                onChange={(checked) => set(question.id, checked as string[])}
              >
                <Flex vertical gap={8}>
                  {question.options.map((option) => (
                    <Checkbox key={option.id} value={option.id}>
                      {option.label}
                    </Checkbox>
                  ))}
                </Flex>
              </Checkbox.Group>
            )}
            {question.kind === "scale" && (
              <Flex vertical gap={4}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  value={value}
                  onChange={(event) => set(question.id, event.target.value as number)}
                  options={Array.from({ length: question.max - question.min + 1 }, (_, at) => ({
                    value: question.min + at,
                    label: String(question.min + at),
                  }))}
                />
                {(question.minLabel || question.maxLabel) && (
                  <Flex justify="space-between">
                    <Typography.Text type="secondary">{question.minLabel}</Typography.Text>
                    <Typography.Text type="secondary">{question.maxLabel}</Typography.Text>
                  </Flex>
                )}
              </Flex>
            )}
            {question.kind === "text" && (
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 6 }}
                maxLength={question.maxLength}
                value={typeof value === "string" ? value : ""}
                onChange={(event) => set(question.id, event.target.value)}
              />
            )}
            {problem && (
              <Typography.Text type="danger" data-testid="survey-problem">
                {problem}
              </Typography.Text>
            )}
          </Card>
        );
      })}
      <Button
        type="primary"
        size="large"
        block
        loading={submitting}
        onClick={submit}
        data-testid="survey-submit"
      >
        {t("public.survey.submit")}
      </Button>
    </Flex>
  );
}
