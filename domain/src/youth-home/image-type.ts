import type { ImageMediaType } from "../files/image-type";

/**
 * Image types accepted for activity photos, recognised from the first bytes by
 * {@link detectImageType} in files/image-type.ts (never from the name or the declared type; issue 14:
 * "a photo that is not an image" is refused).
 */
export const PHOTO_MEDIA_TYPES = [
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
] as const satisfies readonly ImageMediaType[];
export type PhotoMediaType = (typeof PHOTO_MEDIA_TYPES)[number];

/** Largest activity photo: 10 MB. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
