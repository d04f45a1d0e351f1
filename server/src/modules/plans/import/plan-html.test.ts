import { describe, expect, it } from "vitest";
import { htmlBlocks } from "./plan-html";

describe("htmlBlocks (mammoth's HTML of a Word plan)", () => {
  it("gives paragraphs as lines and tables as rows, merged cells repeated over their span", () => {
    const html =
      "<h1>某县方案</h1><p>一、重点任务 &amp; 分工</p>" +
      '<table><tr><td colspan="3"><p>一、组织建设</p></td></tr>' +
      '<tr><td rowspan="2"><p>组织设置</p></td><td><p>推进建团</p></td><td><p>团县委</p></td></tr>' +
      "<tr><td><p>建立联络站</p></td><td><p>各乡镇</p><p>团县委</p></td></tr></table>" +
      "<p>二、工作要求</p>";
    expect(htmlBlocks(html)).toEqual([
      { kind: "line", text: "某县方案" },
      { kind: "line", text: "一、重点任务 & 分工" },
      {
        kind: "table",
        rows: [
          ["一、组织建设", "一、组织建设", "一、组织建设"],
          ["组织设置", "推进建团", "团县委"],
          ["组织设置", "建立联络站", "各乡镇\n团县委"],
        ],
      },
      { kind: "line", text: "二、工作要求" },
    ]);
  });

  it("reads a table inside a table as text of the outer cell", () => {
    const html = "<table><tr><td><table><tr><td>内</td></tr></table>外</td></tr></table>";
    expect(htmlBlocks(html)).toEqual([{ kind: "table", rows: [["内外"]] }]);
  });
});
