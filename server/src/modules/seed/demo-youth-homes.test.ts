import { createSeededRandom, surveyQuestionsSchema, validateSurveyAnswers } from "@tuanwu/domain";
import { describe, expect, it } from "vitest";
import {
  DEMO_DRAFT_SURVEY_QUESTIONS,
  DEMO_HOME_SPECS,
  DEMO_SURVEY_QUESTIONS,
  demoPhone,
  demoSurveyAnswers,
} from "./demo-youth-homes-data";

describe("demo Youth Homes data", () => {
  it("has the three kinds, one inactive demonstration home and one de-listed", () => {
    expect(new Set(DEMO_HOME_SPECS.map((spec) => spec.kind))).toEqual(
      new Set(["youth_home", "student_return_station", "talent_station"]),
    );
    expect(
      DEMO_HOME_SPECS.filter((spec) => spec.isDemonstration && spec.liveliness === "inactive"),
    ).toHaveLength(1);
    expect(DEMO_HOME_SPECS.filter((spec) => spec.liveliness === "delisted")).toHaveLength(1);
  });

  it("gives distinct 11-digit mobile numbers", () => {
    const phones = Array.from({ length: 60_000 }, (_, index) => demoPhone(index + 1));
    expect(new Set(phones).size).toBe(phones.length);
    expect(phones.every((phone) => /^1[3-9]\d{9}$/.test(phone))).toBe(true);
  });

  it("answers the survey as its questions allow, deterministically, with every option of the age question", () => {
    const questions = surveyQuestionsSchema.parse(DEMO_SURVEY_QUESTIONS);
    surveyQuestionsSchema.parse(DEMO_DRAFT_SURVEY_QUESTIONS);
    const sheets = demoSurveyAnswers(createSeededRandom(7), 400);
    expect(demoSurveyAnswers(createSeededRandom(7), 400)).toEqual(sheets);
    for (const sheet of sheets) {
      const checked = validateSurveyAnswers(questions, sheet);
      expect(checked.ok, JSON.stringify(checked)).toBe(true);
    }
    expect(new Set(sheets.map((sheet) => sheet.age)).size).toBe(4);
  });
});
