/**
 * The one place that recognises an image from its first bytes ("magic numbers"), never from its name
 * or declared type: activity photos (issue 14), meeting photos (issue 12), archive attachments
 * (issue 3 part 3) and plan attachments (issue 5 part 4) each accept a subset of these. Pure: no I/O.
 */

/** The image types recognised, by media type. SVG is never one of them: it can carry script. */
export const IMAGE_MEDIA_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"] as const;

/** A recognised image type (see {@link IMAGE_MEDIA_TYPES}). */
export type ImageMediaType = (typeof IMAGE_MEDIA_TYPES)[number];

/** True when `bytes` hold `signature` from `offset` on (false when they are too short). */
export function startsWithBytes(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

/**
 * The image type of `bytes` from its signature: JPEG FF D8 FF; PNG 89 50 4E 47 0D 0A 1A 0A; GIF
 * "GIF87a"/"GIF89a"; WebP "RIFF" … "WEBP" (bytes 8–11). Null for anything else.
 */
export function detectImageType(bytes: Uint8Array): ImageMediaType | null {
  if (startsWithBytes(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWithBytes(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (
    startsWithBytes(bytes, [0x47, 0x49, 0x46, 0x38]) &&
    (bytes[4] === 0x37 || bytes[4] === 0x39) &&
    bytes[5] === 0x61
  )
    return "image/gif";
  if (startsWithBytes(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWithBytes(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return "image/webp";
  return null;
}

/**
 * The image type of `bytes` when it is one of `accepted` (e.g. PNG and JPEG only), else null.
 * @param accepted the subset of {@link IMAGE_MEDIA_TYPES} the caller stores.
 */
export function detectAcceptedImageType<Accepted extends ImageMediaType>(
  bytes: Uint8Array,
  accepted: readonly Accepted[],
): Accepted | null {
  const type = detectImageType(bytes);
  return type !== null && (accepted as readonly ImageMediaType[]).includes(type) ? (type as Accepted) : null;
}
