/** The member's own pages (phone first). */
export const MY_APPLICATION_PATH = "/me/application";
export const MY_RECORD_PATH = "/me/record";
/** 我的组织关系: the member requests and follows their transfer. */
export const MY_TRANSFER_PATH = "/me/transfer";
/** 活动与志愿: the member's activities and volunteer hours (issue 14). */
export const MY_ACTIVITIES_PATH = "/me/activities";
/** 我的组织生活: the member's meetings and 团课 hours. */
export const MY_MEETINGS_PATH = "/me/meetings";
/** 我的团费: the member's payments and unpaid months. */
export const MY_DUES_PATH = "/me/dues";
/** 下基层: a cadre logs a grassroots visit (issue 13). */
export const MY_CONTACT_LOGS_PATH = "/me/contact-logs";
/** 评议与注册: the member's education-review grades and registrations by year. */
export const MY_REVIEW_PATH = "/me/review";
