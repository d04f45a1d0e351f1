import { MEMBER_STATUSES, SEXES } from "@tuanwu/domain";
import { z } from "zod";

/** A member (团员) in a list, personal data masked (GET /organizations/{id}/members, the work lists). */
export const memberListItemSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    sex: z.enum(SEXES),
    birthDate: z.string(),
    age: z.number().int().describe("whole years today"),
    citizenId: z.string().describe("masked, e.g. 5108**********123X"),
    phone: z.string().nullable().describe("masked, e.g. 138****5678"),
    memberNumber: z.string().nullable(),
    joinedOn: z.string(),
    status: z.enum(MEMBER_STATUSES),
    organizationId: z.number().int(),
    organizationName: z.string(),
    ethnicity: z.string().nullable(),
    education: z.string().nullable(),
    occupation: z.string().nullable(),
    politicalStatus: z.string().nullable(),
  })
  .meta({ id: "MemberListItem" });
