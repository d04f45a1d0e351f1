/**
 * Image types accepted for activity photos, recognised from the first bytes (never from the name or
 * the declared type; issue 14: "a photo that is not an image" is refused).
 */
export const PHOTO_MEDIA_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"] as const;
export type PhotoMediaType = (typeof PHOTO_MEDIA_TYPES)[number];

/** Largest activity photo: 10 MB. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

/**
 * The image type of `bytes` from its signature: JPEG FF D8 FF; PNG 89 50 4E 47 0D 0A 1A 0A; GIF
 * "GIF87a"/"GIF89a"; WebP "RIFF" … "WEBP" (bytes 8–11). Null for anything else (SVG is refused: it
 * can carry script).
 */
export function detectImageType(bytes: Uint8Array): PhotoMediaType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (
    startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) &&
    (bytes[4] === 0x37 || bytes[4] === 0x39) &&
    bytes[5] === 0x61
  )
    return "image/gif";
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return "image/webp";
  return null;
}
