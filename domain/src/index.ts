/**
 * @tuanwu/domain — the pure rules and schemas of tuanwu (团务): no I/O, no clock; whoever needs
 * "today" passes it in. Used by the server and the web app.
 */

export * from "./archive/attachment-rules";
export * from "./auth/permissions";
export * from "./dates/iso-date";
export * from "./dates/month-end";
export * from "./dictionaries/all-dictionaries";
export * from "./dictionaries/cadre-kinds";
export * from "./dictionaries/dictionary";
export * from "./dictionaries/education-levels";
export * from "./dictionaries/ethnicities";
export * from "./dictionaries/id-document-types";
export * from "./dictionaries/league-positions";
export * from "./dictionaries/occupations";
export * from "./dictionaries/political-statuses";
export * from "./errors";
export * from "./field-schemas";
export * from "./indicators/catalog";
export * from "./indicators/entered-data";
export * from "./indicators/indicator-definition";
export * from "./indicators/indicator-rules";
export * from "./member/age";
export * from "./member/citizen-id";
export * from "./member/join-date";
export * from "./member/masking";
export * from "./member/member.schema";
export * from "./member/member-event";
export * from "./member/member-record";
export * from "./member/member-status";
export * from "./member/member-status-machine";
export * from "./member/sex";
export * from "./member/status-review";
export * from "./member/work-lists";
export * from "./organization/division-code";
export * from "./organization/organization.schema";
export * from "./organization/organization-kind";
export * from "./organization/organization-level";
export * from "./organization/organization-path";
export * from "./organization/sector";
export * from "./plan/close-out";
export * from "./plan/evaluation";
export * from "./plan/plan-areas";
export * from "./plan/plan-attachment-rules";
export * from "./plan/plan-parser";
export * from "./plan/progress-rollup";
export * from "./plan/ranking";
export * from "./plan/target-verdict";
export * from "./plan/task-status";
export * from "./plan/task-tracking";
export * from "./plan/unit-matching";
export * from "./random/seeded-random";
export * from "./registry/registry-cells";
export * from "./registry/registry-columns";
export * from "./registry/registry-row";
export * from "./registry/registry-values";
