/**
 * UI strings of the public phone pages reached without an account (the 述职评议 scoring page by a
 * one-time link). zh-CN first (spread into i18n/zh-CN.ts); English below with every key.
 */
export const reviewScoringMessagesZhCN = {
  "publicReview.title": "述职评议测评",
  "publicReview.intro": "请为每位述职人打分（0–{max} 分）。评分匿名，每个链接只能提交一次。",
  "publicReview.score": "评分",
  "publicReview.submit": "提交评分",
  "publicReview.confirm": "提交后不能修改，请确认每位述职人的分数。",
  "publicReview.missing": "请为每位述职人打分后再提交",
  "publicReview.thanks": "评分已提交，感谢参与！",
  "publicReview.used": "该评分链接已使用过，每个链接只能提交一次。",
  "publicReview.closed": "本次述职评议已结束，不能再评分。",
  "publicReview.notOpen": "本次述职评议尚未开始，请稍后再打开此链接。",
  "publicReview.notFound": "评分链接无效，请向工作人员重新领取二维码。",
  "publicReview.tooMany": "操作过于频繁，请稍等一分钟后再试。",
  "publicReview.failed": "提交失败，请检查网络后重试。",
} as const satisfies Record<string, string>;

export const reviewScoringMessagesEn: Record<keyof typeof reviewScoringMessagesZhCN, string> = {
  "publicReview.title": "Report-and-review scoring",
  "publicReview.intro": "Score each reporter (0–{max}). Scores are anonymous; each link submits once.",
  "publicReview.score": "Score",
  "publicReview.submit": "Submit scores",
  "publicReview.confirm": "Scores cannot be changed after submitting; check each one.",
  "publicReview.missing": "Score every reporter before submitting",
  "publicReview.thanks": "Your scores are in. Thank you!",
  "publicReview.used": "This link has already been used; each link submits once.",
  "publicReview.closed": "This review session has closed; scoring is over.",
  "publicReview.notOpen": "This review session has not opened yet; open the link again later.",
  "publicReview.notFound": "This scoring link is not valid; ask the staff for a new QR code.",
  "publicReview.tooMany": "Too many attempts; wait a minute and try again.",
  "publicReview.failed": "Submitting failed; check the network and try again.",
};
