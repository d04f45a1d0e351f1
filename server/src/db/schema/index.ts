export { auditLog } from "./audit-log";
export { branchNameMapping } from "./branch-name-mapping";
export {
  cadre,
  cadreCount,
  cadrePlacement,
  contactLog,
  deputy,
  liaisonAssignment,
  liaisonStation,
  organizationTerm,
  reviewLink,
  reviewReporter,
  reviewResult,
  reviewScore,
  reviewSession,
  trainingAttendance,
  trainingRound,
} from "./cadre";
export { citizenIdRegistry } from "./citizen-id-registry";
export { countyLocator } from "./county-locator";
export {
  admissionQuota,
  applicantPrerequisiteRecord,
  developmentApplication,
  memberNumberSequence,
  pointsScheme,
} from "./development";
export { eligibleUnits, schoolEnrollment, youthPopulation } from "./entered-data";
export { member, memberHistory } from "./member";
export {
  memberAttachment,
  memberAward,
  memberCorrectionRequest,
  memberEvent,
  memberStatusRequest,
} from "./member-archive";
export {
  memberCount,
  memberCountDelta,
  memberCountSnapshot,
  memberCountSnapshotMonth,
  organizationCount,
  organizationCountSnapshot,
  organizationReportedCount,
} from "./member-count";
export { memberNumberRegistry } from "./member-number-registry";
export { organization } from "./organization";
export {
  branchEducationReview,
  duesPayment,
  duesSchedule,
  educationReviewCampaign,
  meeting,
  meetingAttendance,
  meetingPhoto,
  memberRegistration,
  memberReviewGrade,
  orgLifeCount,
  orgLifeMark,
  orgLifeOwn,
  partyRecommendation,
  registrationCampaign,
  starRating,
  starRatingSheet,
} from "./organizational-life";
export {
  evaluationItem,
  evaluationRound,
  evaluationScore,
  plan,
  planAttachment,
  planCloseOut,
  planLevelTarget,
  planPhase,
  planProgressReport,
  planSupervision,
  planTarget,
  planTask,
  planUnit,
} from "./plan";
export { memberFlow, memberTransfer, transferSeason } from "./transfer";
export { appUser, userRole, userSession } from "./user";
export { workflowInstance, workflowStep, workItem } from "./workflow";
export {
  activity,
  activityPhoto,
  activitySignup,
  survey,
  surveyResponse,
  volunteerRecord,
  volunteerShift,
  youthHome,
  youthHomeService,
} from "./youth-home";
