import { fireEvent, screen } from "@testing-library/react";
import { type SurveyQuestion, surveyQuestionsSchema } from "@tuanwu/domain";
import { describe, expect, it, vi } from "vitest";
import { renderWithApp } from "../../../test/render";
import { SurveyAnswerForm } from "./SurveyAnswerForm";

const questions: SurveyQuestion[] = surveyQuestionsSchema.parse([
  {
    id: "age",
    kind: "single_choice",
    title: "您的年龄段",
    required: true,
    options: [
      { id: "a14", label: "14–18岁" },
      { id: "a19", label: "<b>19–24岁</b>" },
    ],
  },
  { id: "score", kind: "scale", title: "满意度", required: false, min: 1, max: 5 },
  { id: "advice", kind: "text", title: "建议", required: false },
]);

describe("SurveyAnswerForm (the public survey page's questions)", () => {
  it("flags a required question left blank and sends nothing", () => {
    const onSubmit = vi.fn();
    renderWithApp(<SurveyAnswerForm questions={questions} submitting={false} onSubmit={onSubmit} />);
    fireEvent.click(screen.getByTestId("survey-submit"));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByTestId("survey-problem").textContent).toBe("此题必答");
  });

  it("sends the chosen option ids, the scale point and the text; labels show as text", () => {
    const onSubmit = vi.fn();
    renderWithApp(<SurveyAnswerForm questions={questions} submitting={false} onSubmit={onSubmit} />);
    expect(screen.getByText("<b>19–24岁</b>")).toBeTruthy();
    fireEvent.click(screen.getByLabelText("<b>19–24岁</b>"));
    fireEvent.click(screen.getByText("4"));
    fireEvent.change(screen.getByRole("textbox"), { target: { value: "多办活动" } });
    fireEvent.click(screen.getByTestId("survey-submit"));
    expect(onSubmit).toHaveBeenCalledWith({ age: "a19", score: 4, advice: "多办活动" });
  });

  it("shows the server's problem under its question", () => {
    renderWithApp(
      <SurveyAnswerForm
        questions={questions}
        submitting={false}
        problems={{ age: "第1题「您的年龄段」：选项x不存在" }}
        onSubmit={() => {}}
      />,
    );
    expect(screen.getByTestId("survey-problem").textContent).toContain("选项x不存在");
  });
});
