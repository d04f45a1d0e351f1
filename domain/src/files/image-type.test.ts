import { describe, expect, it } from "vitest";
import { detectAcceptedImageType, detectImageType } from "./image-type";

const text = (value: string) => [...new TextEncoder().encode(value)];
const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0];
const jpeg = [0xff, 0xd8, 0xff, 0xe0, 0, 0];
const gif = [...text("GIF89a"), 0];
const webp = [...text("RIFF"), 0, 0, 0, 0, ...text("WEBPVP8 ")];

describe("image type from the bytes", () => {
  it.each([
    ["JPEG", jpeg, "image/jpeg", "image/jpeg"],
    ["PNG", png, "image/png", "image/png"],
    ["GIF87a", [...text("GIF87a"), 0], "image/gif", null],
    ["GIF89a", gif, "image/gif", null],
    ["WebP", webp, "image/webp", null],
    ["RIFF that is not WebP (WAVE)", [...text("RIFF"), 0, 0, 0, 0, ...text("WAVE")], null, null],
    ["GIF88a", [...text("GIF88a"), 0], null, null],
    ["a truncated PNG signature", png.slice(0, 7), null, null],
    ["a truncated JPEG signature", [0xff, 0xd8], null, null],
    ["PDF", text("%PDF-1.7"), null, null],
    ["SVG (can carry script)", text("<svg xmlns="), null, null],
    ["text", text("hello"), null, null],
    ["nothing", [], null, null],
  ] as const)("%s → %s (PNG/JPEG only: %s)", (_name, bytes, any, pngOrJpeg) => {
    const input = Uint8Array.from(bytes);
    expect(detectImageType(input)).toBe(any);
    expect(detectAcceptedImageType(input, ["image/png", "image/jpeg"])).toBe(pngOrJpeg);
  });
});
