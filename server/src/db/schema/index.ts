export { auditLog } from "./audit-log";
export { member, memberHistory } from "./member";
export { organization } from "./organization";
export { appUser, userRole, userSession } from "./user";
