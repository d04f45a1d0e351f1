import { inflateRawSync } from "node:zlib";

/**
 * A guard for zip-based uploads held in memory (.docx) before a library that unpacks everything
 * (mammoth, through JSZip) sees them: OWASP's zip-bomb checks — the number of entries, the sizes the
 * archive declares, and the size each entry really inflates to, capped while inflating so a bomb is
 * never unpacked past the limit.
 */

/** Limits on what an archive may unpack to. */
export interface ZipLimits {
  /** Most entries. */
  maxEntries: number;
  /** Most uncompressed bytes over all entries, declared and actual. */
  maxUncompressedBytes: number;
}

/** Why an archive was refused: damaged (not a readable zip) or too large once unpacked. */
export class ZipGuardError extends Error {
  constructor(readonly reason: "damaged" | "too_large") {
    super(reason === "damaged" ? "damaged zip archive" : "zip archive unpacks past the limits");
    this.name = "ZipGuardError";
  }
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_ENTRY = 0x04034b50;
const ZIP64_MARKER = 0xffffffff;

/**
 * Checks an in-memory zip within `limits` and returns the total bytes its entries inflate to.
 * Every entry is inflated once, with zlib's output capped at the smaller of its declared size and what
 * is left of the budget, and dropped. Throws ZipGuardError("too_large") for too many entries, a declared
 * total over the limit, ZIP64 archives, or an entry inflating past its declared size or the budget;
 * ZipGuardError("damaged") for a zip whose directory or data cannot be read.
 */
export function checkZipExpansion(bytes: Buffer, limits: ZipLimits): number {
  const endOffset = findEndOfCentralDirectory(bytes);
  const count = bytes.readUInt16LE(endOffset + 10);
  const directoryOffset = bytes.readUInt32LE(endOffset + 16);
  if (count === 0xffff || directoryOffset === ZIP64_MARKER) throw new ZipGuardError("too_large");
  if (count > limits.maxEntries) throw new ZipGuardError("too_large");
  const entries: { method: number; compressedSize: number; size: number; localOffset: number }[] = [];
  let position = directoryOffset;
  let declared = 0;
  for (let index = 0; index < count; index += 1) {
    if (position + 46 > bytes.length || bytes.readUInt32LE(position) !== CENTRAL_ENTRY) {
      throw new ZipGuardError("damaged");
    }
    const entry = {
      method: bytes.readUInt16LE(position + 10),
      compressedSize: bytes.readUInt32LE(position + 20),
      size: bytes.readUInt32LE(position + 24),
      localOffset: bytes.readUInt32LE(position + 42),
    };
    if (entry.size === ZIP64_MARKER || entry.compressedSize === ZIP64_MARKER)
      throw new ZipGuardError("too_large");
    declared += entry.size;
    if (declared > limits.maxUncompressedBytes) throw new ZipGuardError("too_large");
    entries.push(entry);
    position +=
      46 +
      bytes.readUInt16LE(position + 28) +
      bytes.readUInt16LE(position + 30) +
      bytes.readUInt16LE(position + 32);
  }
  let remaining = limits.maxUncompressedBytes;
  for (const entry of entries) {
    const local = entry.localOffset;
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL_ENTRY)
      throw new ZipGuardError("damaged");
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + entry.compressedSize);
    if (data.length !== entry.compressedSize) throw new ZipGuardError("damaged");
    const inflated = inflatedSize(entry.method, data, Math.min(entry.size, remaining));
    if (inflated > entry.size || inflated > remaining) throw new ZipGuardError("too_large");
    remaining -= inflated;
  }
  return limits.maxUncompressedBytes - remaining;
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  for (let index = bytes.length - 22; index >= Math.max(0, bytes.length - 65_557); index -= 1) {
    if (bytes.readUInt32LE(index) === END_OF_CENTRAL_DIRECTORY) return index;
  }
  throw new ZipGuardError("damaged");
}

/** The bytes `data` inflates to, never producing more than `cap` + 1 (one more means "too large"). */
function inflatedSize(method: number, data: Buffer, cap: number): number {
  if (method === 0) return data.length;
  if (method !== 8) throw new ZipGuardError("damaged");
  try {
    return inflateRawSync(data, { maxOutputLength: cap + 1 }).length;
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") return cap + 1;
    throw new ZipGuardError("damaged");
  }
}
