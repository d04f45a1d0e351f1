import type { Label } from "../dictionaries/dictionary";
import { DomainError } from "../errors";
import { detectAcceptedImageType, startsWithBytes } from "../files/image-type";

/**
 * Rules of the files in a member's electronic archive (issue 3 part 3): which kinds there are, which
 * file types each accepts (checked from the bytes, never from the name or the declared type), how
 * large they may be, and the verification steps of the signed 入团志愿书. Pure: no I/O.
 */

/** Kinds of attachment: the signed application form, an award certificate, anything else. */
export const ATTACHMENT_KINDS = ["application_form", "award_certificate", "other"] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const ATTACHMENT_KIND_LABELS: Readonly<Record<AttachmentKind, Label>> = {
  application_form: { zh: "入团志愿书", en: "Application form" },
  award_certificate: { zh: "奖励证书", en: "Award certificate" },
  other: { zh: "其他附件", en: "Other attachment" },
};

/** Verification of an attachment: the application form goes pending → verified | returned. */
export const ATTACHMENT_VERIFICATIONS = ["pending", "verified", "returned", "not_required"] as const;
export type AttachmentVerification = (typeof ATTACHMENT_VERIFICATIONS)[number];

export const ATTACHMENT_VERIFICATION_LABELS: Readonly<Record<AttachmentVerification, Label>> = {
  pending: { zh: "尚未认证", en: "Not yet verified" },
  verified: { zh: "已认证", en: "Verified" },
  returned: { zh: "已退回", en: "Returned" },
  not_required: { zh: "无需认证", en: "No verification needed" },
};

/** The file types stored, recognised by their first bytes. */
export const ATTACHMENT_MEDIA_TYPES = ["application/pdf", "image/png", "image/jpeg"] as const;
export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number];

/** The image types among {@link ATTACHMENT_MEDIA_TYPES}. */
const ATTACHMENT_IMAGE_TYPES = ["image/png", "image/jpeg"] as const;

/** Largest attachment: 20 MB (20 × 1024 × 1024 bytes), issue 3 part 3. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** The first bytes of a PDF: "%PDF-". */
export const PDF_SIGNATURE: readonly number[] = [0x25, 0x50, 0x44, 0x46, 0x2d];

/** Markup that never belongs in a PDF's first kilobyte: a page posing as a PDF to be opened in the browser. */
const HTML_MARKERS = /<(?:!doctype|html|head|body|script|iframe|svg|meta)\b/i;

/**
 * True when `bytes`, which start with %PDF-, are built like a PDF: an end-of-file marker (%%EOF) in the
 * last kilobyte (ISO 32000-1 §7.5.5; some writers add a few bytes after it), and no HTML in the first
 * kilobyte. A file starting with %PDF- that is HTML was stored as a PDF before this check.
 */
function hasPdfStructure(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const head = buffer.subarray(0, 1024).toString("latin1");
  const tail = buffer.subarray(Math.max(0, buffer.length - 1024)).toString("latin1");
  return tail.includes("%%EOF") && !HTML_MARKERS.test(head);
}

/**
 * The file type of `bytes` from their signature ("magic number"), or null when none matches; a PDF
 * must also be built like one ({@link hasPdfStructure}); PNG and JPEG as {@link detectImageType}.
 */
export function detectMediaType(bytes: Uint8Array): AttachmentMediaType | null {
  if (startsWithBytes(bytes, PDF_SIGNATURE)) return hasPdfStructure(bytes) ? "application/pdf" : null;
  return detectAcceptedImageType(bytes, ATTACHMENT_IMAGE_TYPES);
}

/** Which file types each kind accepts: the application form is a PDF; the others PDF, PNG or JPEG. */
export const ACCEPTED_MEDIA_TYPES: Readonly<Record<AttachmentKind, readonly AttachmentMediaType[]>> = {
  application_form: ["application/pdf"],
  award_certificate: ATTACHMENT_MEDIA_TYPES,
  other: ATTACHMENT_MEDIA_TYPES,
};

const TYPE_NAMES: Readonly<Record<AttachmentMediaType, string>> = {
  "application/pdf": "PDF",
  "image/png": "PNG",
  "image/jpeg": "JPEG",
};

/** The file extension of a media type, for names without one. */
export const MEDIA_TYPE_EXTENSIONS: Readonly<Record<AttachmentMediaType, string>> = {
  "application/pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpg",
};

/**
 * Checks an uploaded file for `kind` and returns its type, read from the bytes.
 * @throws DomainError 400 field "file": empty, or not one of the kind's accepted types (whatever its name says);
 *   413 "file_too_large" is the caller's (the size limit is enforced while reading).
 */
export function assertAcceptableFile(kind: AttachmentKind, bytes: Uint8Array): AttachmentMediaType {
  if (bytes.length === 0) {
    throw new DomainError("empty_file", "文件：不能为空 / the file is empty", { field: "file", status: 400 });
  }
  if (bytes.length > MAX_ATTACHMENT_BYTES) {
    throw new DomainError("file_too_large", "文件：不能超过 20 MB / the file exceeds 20 MB", {
      field: "file",
      status: 400,
    });
  }
  const mediaType = detectMediaType(bytes);
  const accepted = ACCEPTED_MEDIA_TYPES[kind];
  if (mediaType === null || !accepted.includes(mediaType)) {
    const names = accepted.map((type) => TYPE_NAMES[type]).join("、");
    throw new DomainError(
      "unsupported_file_type",
      `文件：${ATTACHMENT_KIND_LABELS[kind].zh}只能是 ${names} 文件（按文件内容判断）/ the file's content is not ${names}`,
      { field: "file", status: 400 },
    );
  }
  return mediaType;
}

/** The verification state an upload of `kind` starts in: only the application form is verified. */
export function initialVerification(kind: AttachmentKind): AttachmentVerification {
  return kind === "application_form" ? "pending" : "not_required";
}

/** Decisions of the higher committee on a pending application form. */
export const ATTACHMENT_DECISIONS = ["verify", "return"] as const;
export type AttachmentDecision = (typeof ATTACHMENT_DECISIONS)[number];

/** The state a decision leads to (from "pending" only). */
export const DECISION_RESULTS: Readonly<Record<AttachmentDecision, "verified" | "returned">> = {
  verify: "verified",
  return: "returned",
};

/** 409: only a pending attachment can be verified or returned. */
export function attachmentNotPending(): DomainError {
  return new DomainError(
    "attachment_not_pending",
    "该附件不在待认证状态，不能认证或退回 / the attachment is not pending verification",
    { status: 409 },
  );
}

/**
 * Refuses a decision on an attachment that is not pending, and a return without a reason.
 * @throws DomainError 409 "attachment_not_pending"; 400 field "note" for a return without a note.
 */
export function assertDecisionAllowed(
  verification: string,
  decision: AttachmentDecision,
  note: string | undefined,
): void {
  if (verification !== "pending") throw attachmentNotPending();
  if (decision === "return" && !note) {
    throw new DomainError("note_required", "退回原因：必填 / a reason is required to return", {
      field: "note",
      status: 400,
    });
  }
}

/**
 * A file name safe to store and show: the last path segment, without control characters, at most
 * 200 characters; `fallback` (e.g. "入团志愿书.pdf") when nothing is left.
 */
export function cleanFileName(name: string | undefined, fallback: string): string {
  const lastSegment = (name ?? "").split(/[/\\]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const cleaned = lastSegment.replace(/[\u0000-\u001f\u007f"]/g, "").trim();
  if (cleaned === "" || cleaned === "." || cleaned === "..") return fallback;
  return [...cleaned].slice(0, 200).join("");
}

/**
 * A Content-Disposition header for `fileName` (RFC 6266 with the RFC 5987 `filename*` for
 * non-ASCII names, plus a plain ASCII fallback for old clients).
 */
export function contentDisposition(
  fileName: string,
  disposition: "inline" | "attachment" = "inline",
): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
