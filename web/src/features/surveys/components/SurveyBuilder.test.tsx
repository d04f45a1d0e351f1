import { fireEvent, screen } from "@testing-library/react";
import type { SurveyQuestionInput } from "@tuanwu/domain";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { renderWithApp } from "../../../test/render";
import { nextSurveyId, optionsFromLines, SurveyBuilder } from "./SurveyBuilder";

let latest: SurveyQuestionInput[] = [];

function Harness({ initial }: { initial: SurveyQuestionInput[] }) {
  const [questions, setQuestions] = useState(initial);
  latest = questions;
  return <SurveyBuilder value={questions} onChange={setQuestions} />;
}

describe("SurveyBuilder", () => {
  it("adds a question of each kind with fresh ids and edits the title", () => {
    renderWithApp(<Harness initial={[]} />);
    for (const kind of ["single_choice", "multiple_choice", "scale", "text"]) {
      fireEvent.click(screen.getByTestId(`survey-add-${kind}`));
    }
    expect(latest.map((question) => [question.id, question.kind])).toEqual([
      ["q1", "single_choice"],
      ["q2", "multiple_choice"],
      ["q3", "scale"],
      ["q4", "text"],
    ]);
    fireEvent.change(screen.getAllByLabelText("题目")[0] as HTMLElement, { target: { value: "您的年龄段" } });
    expect(latest[0]?.title).toBe("您的年龄段");
    expect(screen.getAllByTestId("survey-question")).toHaveLength(4);
  });

  it("moves and removes questions", () => {
    renderWithApp(
      <Harness
        initial={[
          { id: "q1", kind: "text", title: "甲", required: false },
          { id: "q2", kind: "text", title: "乙", required: false },
        ]}
      />,
    );
    fireEvent.click(screen.getAllByLabelText("下移")[0] as HTMLElement);
    expect(latest.map((question) => question.id)).toEqual(["q2", "q1"]);
    fireEvent.click(screen.getAllByLabelText("删除")[0] as HTMLElement);
    expect(latest.map((question) => question.id)).toEqual(["q1"]);
  });

  it("keeps an option's id when its line stays, and gives a new line the next free id", () => {
    const previous = [
      { id: "o1", label: "学生" },
      { id: "o2", label: "职工" },
    ];
    expect(optionsFromLines("职工\n 自由职业 \n\n学生", previous)).toEqual([
      { id: "o2", label: "职工" },
      { id: "o3", label: "自由职业" },
      { id: "o1", label: "学生" },
    ]);
    expect(nextSurveyId("q", ["q1", "q3"])).toBe("q4");
    expect(nextSurveyId("q", ["q2"])).toBe("q3");
  });
});
