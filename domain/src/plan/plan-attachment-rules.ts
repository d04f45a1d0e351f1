import { cleanFileName, PDF_SIGNATURE } from "../archive/attachment-rules";
import { DomainError } from "../errors";
import { detectAcceptedImageType, startsWithBytes } from "../files/image-type";

/**
 * Rules of the files attached to a task's progress report or close-out evidence (issue 5 part 4):
 * PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx), recognised from the bytes (never the name or the
 * declared type), at most 20 MB each and {@link MAX_PLAN_FILES} per request. Pure: no I/O.
 */

/** The file types accepted, by media type. */
export const PLAN_ATTACHMENT_MEDIA_TYPES = [
  "application/pdf",
  "image/jpeg",
  "image/png",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
] as const;

/** An accepted media type (see {@link PLAN_ATTACHMENT_MEDIA_TYPES}). */
export type PlanAttachmentMediaType = (typeof PLAN_ATTACHMENT_MEDIA_TYPES)[number];

/** Largest file: 20 MB (20 × 1024 × 1024 bytes), as the member archive. */
export const MAX_PLAN_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** Most files in one progress report or close-out request. */
export const MAX_PLAN_FILES = 5;

/** The file extension of each type, for a name without one. */
const EXTENSIONS: Readonly<Record<PlanAttachmentMediaType, string>> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
};

/** The image types among {@link PLAN_ATTACHMENT_MEDIA_TYPES}. */
const PLAN_IMAGE_TYPES = ["image/jpeg", "image/png"] as const;

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const CENTRAL_DIRECTORY_SIGNATURE = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY_SIGNATURE = 0x06054b50;

/**
 * The names of the entries of a zip archive, read from its central directory (found through the
 * end-of-central-directory record in the last 64 KB); null when the bytes are not a well-formed zip.
 */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  if (!startsWithBytes(bytes, ZIP_SIGNATURE)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = bytes.byteLength;
  const utf8 = new TextDecoder("utf-8");
  const earliest = Math.max(0, length - 22 - 0xffff);
  for (let end = length - 22; end >= earliest; end -= 1) {
    if (view.getUint32(end, true) !== END_OF_CENTRAL_DIRECTORY_SIGNATURE) continue;
    const count = view.getUint16(end + 10, true);
    let offset = view.getUint32(end + 16, true);
    const names: string[] = [];
    for (let index = 0; index < count; index += 1) {
      if (offset + 46 > length || view.getUint32(offset, true) !== CENTRAL_DIRECTORY_SIGNATURE) return null;
      const nameLength = view.getUint16(offset + 28, true);
      const extraLength = view.getUint16(offset + 30, true);
      const commentLength = view.getUint16(offset + 32, true);
      if (offset + 46 + nameLength > length) return null;
      names.push(utf8.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)));
      offset += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  }
  return null;
}

/**
 * The type of a file from its bytes, or null when it is none of the accepted ones: PDF, PNG and JPEG
 * by their signatures; a zip is a Word document when it holds word/document.xml, an Excel workbook
 * when it holds xl/workbook.xml (other zips, e.g. a renamed archive, are refused).
 */
export function detectPlanAttachmentType(bytes: Uint8Array): PlanAttachmentMediaType | null {
  if (startsWithBytes(bytes, PDF_SIGNATURE)) return "application/pdf";
  const image = detectAcceptedImageType(bytes, PLAN_IMAGE_TYPES);
  if (image !== null) return image;
  const names = zipEntryNames(bytes);
  if (names === null) return null;
  if (names.includes("word/document.xml"))
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (names.includes("xl/workbook.xml"))
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return null;
}

/** An uploaded file, as read from the request (a Buffer on the server). */
export interface PlanFileUpload<Bytes extends Uint8Array = Uint8Array> {
  fileName: string | undefined;
  bytes: Bytes;
}

/** An uploaded file after its check: type from the bytes, a clean name. */
export interface CheckedPlanFile<Bytes extends Uint8Array = Uint8Array> {
  fileName: string;
  bytes: Bytes;
  mediaType: PlanAttachmentMediaType;
}

/**
 * Checks every uploaded file and returns them with their types and clean names (a name without one
 * becomes "附件N.ext").
 * @throws DomainError 400 field "files": more than {@link MAX_PLAN_FILES}, an empty file, a file over
 *   20 MB, or a type other than PDF, JPEG, PNG, DOCX, XLSX (naming the file).
 */
export function checkPlanFiles<Bytes extends Uint8Array>(
  files: readonly PlanFileUpload<Bytes>[],
): CheckedPlanFile<Bytes>[] {
  if (files.length > MAX_PLAN_FILES) {
    throw new DomainError(
      "too_many_files",
      `files：每次最多上传 ${MAX_PLAN_FILES} 个文件 / at most ${MAX_PLAN_FILES} files per request`,
      { field: "files", status: 400 },
    );
  }
  return files.map((file, index) => {
    const shown = file.fileName ?? `第${index + 1}个文件`;
    if (file.bytes.length === 0) {
      throw new DomainError("empty_file", `files：“${shown}”为空 / the file is empty`, {
        field: "files",
        status: 400,
      });
    }
    if (file.bytes.length > MAX_PLAN_ATTACHMENT_BYTES) {
      throw new DomainError("file_too_large", `files：“${shown}”超过 20 MB / the file exceeds 20 MB`, {
        field: "files",
        status: 400,
      });
    }
    const mediaType = detectPlanAttachmentType(file.bytes);
    if (mediaType === null) {
      throw new DomainError(
        "unsupported_file_type",
        `files：“${shown}”不是 PDF、JPEG、PNG、Word（.docx）或 Excel（.xlsx）文件（按文件内容判断）/ ` +
          "the file's content is not PDF, JPEG, PNG, DOCX or XLSX",
        { field: "files", status: 400 },
      );
    }
    const fileName = cleanFileName(file.fileName, `附件${index + 1}.${EXTENSIONS[mediaType]}`);
    return { fileName, bytes: file.bytes, mediaType };
  });
}
