import { describe, expect, it } from "vitest";
import { escapeHtml } from "./escape-html";

describe("escapeHtml", () => {
  it.each([
    ["plain 文本", "plain 文本"],
    ["<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"],
    ["a & b", "a &amp; b"],
    [`"quoted" 'single'`, "&quot;quoted&quot; &#39;single&#39;"],
    ["&lt;", "&amp;lt;"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });

  it("leaves no character that opens markup", () => {
    const escaped = escapeHtml(`<script>alert("x")</script><b onmouseover='y'>&`);
    expect(escaped).not.toMatch(/[<>"']/);
  });
});
