import { describe, expect, it } from "vitest";
import {
  ACCEPTED_MEDIA_TYPES,
  ATTACHMENT_KINDS,
  assertAcceptableFile,
  assertDecisionAllowed,
  cleanFileName,
  contentDisposition,
  detectMediaType,
  initialVerification,
  MAX_ATTACHMENT_BYTES,
} from "./attachment-rules";

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (value: string) => new TextEncoder().encode(value);
const pdf = text("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const png = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0);
const jpeg = bytes(0xff, 0xd8, 0xff, 0xe0);

describe("detectMediaType", () => {
  it.each([
    ["PDF", pdf, "application/pdf"],
    ["PNG", png, "image/png"],
    ["JPEG", jpeg, "image/jpeg"],
    ["%PDF without the dash", text("%PDF1.4"), null],
    ["a truncated PNG signature", png.subarray(0, 7), null],
    ["a GIF", text("GIF89a"), null],
    ["HTML", text("<html>%PDF-"), null],
    [
      "a PDF with bytes after %%EOF (some writers)",
      text("%PDF-1.7\n1 0 obj\n%%EOF\r\n\u0000\u0000"),
      "application/pdf",
    ],
    ["%PDF- without an end-of-file marker", text("%PDF-1.4\n"), null],
    [
      "HTML starting with %PDF- (the probe's file)",
      text("%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n"),
      null,
    ],
    ["an SVG starting with %PDF-", text("%PDF-\n<svg onload=alert(1)>\n%%EOF"), null],
    ["nothing", bytes(), null],
  ])("%s → %s", (_label, input, expected) => {
    expect(detectMediaType(input)).toBe(expected);
  });
});

describe("assertAcceptableFile", () => {
  it.each([
    ["application_form", pdf, "application/pdf"],
    ["award_certificate", pdf, "application/pdf"],
    ["award_certificate", png, "image/png"],
    ["award_certificate", jpeg, "image/jpeg"],
    ["other", jpeg, "image/jpeg"],
  ] as const)("accepts for %s: %s", (kind, input, expected) => {
    expect(assertAcceptableFile(kind, input)).toBe(expected);
  });

  it.each([
    ["application_form", png, "unsupported_file_type"],
    ["application_form", jpeg, "unsupported_file_type"],
    ["award_certificate", text("GIF89a"), "unsupported_file_type"],
    ["other", bytes(), "empty_file"],
  ] as const)("refuses for %s (%s) with 400 on the file", (kind, input, code) => {
    expect(() => assertAcceptableFile(kind, input)).toThrow(
      expect.objectContaining({ code, status: 400, field: "file" }),
    );
  });

  it("refuses one byte over 20 MB and accepts exactly 20 MB", () => {
    const limit = new Uint8Array(MAX_ATTACHMENT_BYTES);
    limit.set(pdf);
    limit.set(text("%%EOF\n"), limit.length - 6); // a PDF ends with its end-of-file marker
    expect(assertAcceptableFile("application_form", limit)).toBe("application/pdf");
    const over = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    over.set(pdf);
    expect(() => assertAcceptableFile("application_form", over)).toThrow(
      expect.objectContaining({ code: "file_too_large" }),
    );
  });

  it("accepts only PDF for the application form", () => {
    expect(ACCEPTED_MEDIA_TYPES.application_form).toEqual(["application/pdf"]);
  });
});

describe("verification", () => {
  it.each(ATTACHMENT_KINDS.map((kind) => [kind, kind === "application_form" ? "pending" : "not_required"]))(
    "an upload of %s starts %s",
    (kind, expected) => {
      expect(initialVerification(kind as (typeof ATTACHMENT_KINDS)[number])).toBe(expected);
    },
  );

  it.each([
    ["pending", "verify", undefined, null],
    ["pending", "return", "缺签名", null],
    ["pending", "return", undefined, "note_required"],
    ["verified", "verify", undefined, "attachment_not_pending"],
    ["verified", "return", "错了", "attachment_not_pending"],
    ["returned", "verify", undefined, "attachment_not_pending"],
    ["not_required", "verify", undefined, "attachment_not_pending"],
  ] as const)("%s, %s (note %s) → %s", (state, decision, note, code) => {
    const call = () => assertDecisionAllowed(state, decision, note);
    if (code === null) expect(call).not.toThrow();
    else expect(call).toThrow(expect.objectContaining({ code }));
  });
});

describe("file names", () => {
  it.each([
    ["入团志愿书.pdf", "入团志愿书.pdf"],
    ["C:\\Users\\张三\\scan.pdf", "scan.pdf"],
    ["../../etc/passwd", "passwd"],
    ['a"b\u0000c.pdf', "abc.pdf"],
    ["", "fallback.pdf"],
    [undefined, "fallback.pdf"],
    ["..", "fallback.pdf"],
  ])("cleanFileName(%j) = %j", (input, expected) => {
    expect(cleanFileName(input, "fallback.pdf")).toBe(expected);
  });

  it("keeps at most 200 characters", () => {
    expect(cleanFileName(`${"团".repeat(300)}.pdf`, "x")).toHaveLength(200);
  });

  it.each([
    ["scan.pdf", `inline; filename="scan.pdf"; filename*=UTF-8''scan.pdf`],
    [
      "入团 志愿书.pdf",
      `inline; filename="__ ___.pdf"; filename*=UTF-8''%E5%85%A5%E5%9B%A2%20%E5%BF%97%E6%84%BF%E4%B9%A6.pdf`,
    ],
    ["it's (1).pdf", `inline; filename="it's (1).pdf"; filename*=UTF-8''it%27s%20%281%29.pdf`],
  ])("contentDisposition(%j)", (name, expected) => {
    expect(contentDisposition(name)).toBe(expected);
  });
});
