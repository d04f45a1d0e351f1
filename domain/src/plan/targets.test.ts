import { describe, expect, it } from "vitest";
import { extractTargets } from "./targets";

describe("extractTargets", () => {
  it.each([
    [
      // The milestone form quoted in domain.md §8.
      "2019年底前60%的县建立教育团工委，2020年底前全部建立",
      [
        { date: "2019-12-31", value: 60, unit: "%", text: "2019年底前60%的县建立教育团工委" },
        { date: "2020-12-31", value: 100, unit: "%", text: "2020年底前全部建立" },
      ],
    ],
    [
      "2023年6月底前，智慧团建录入率达到 99.5％。",
      [{ date: "2023-06-30", value: 99.5, unit: "%", text: "2023年6月底前，智慧团建录入率达到 99.5％" }],
    ],
    [
      "2022年底前新建青年之家10个；2023年底前达到20个",
      [
        { date: "2022-12-31", value: 10, unit: "个", text: "2022年底前新建青年之家10个" },
        { date: "2023-12-31", value: 20, unit: "个", text: "2023年底前达到20个" },
      ],
    ],
    ["毕业学生团员组织关系“学社衔接率”稳定在99%以上。", []],
    ["根据《办法》(中青发〔2019〕9号)文件，2023年底前完成推优。", []],
  ])("%s", (text, targets) => {
    expect(extractTargets(text)).toEqual(targets);
  });
});
