export { auditLog } from "./audit-log";
export { member, memberHistory } from "./member";
export {
  memberAttachment,
  memberAward,
  memberCorrectionRequest,
  memberEvent,
  memberStatusRequest,
} from "./member-archive";
export { organization } from "./organization";
export { appUser, userRole, userSession } from "./user";
