/** The member's own pages (phone first). */
export const MY_APPLICATION_PATH = "/me/application";
export const MY_RECORD_PATH = "/me/record";
