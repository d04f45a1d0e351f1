import { z } from "zod";

/** A user name: 3–64 letters, digits, ".", "_" or "-", starting with a letter or digit. */
export const usernameSchema = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/,
    "用户名应为 3–64 个字母、数字或 . _ - / 3–64 letters, digits, . _ or -",
  );
