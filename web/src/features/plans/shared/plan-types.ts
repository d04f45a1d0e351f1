import type { components, paths } from "../../../api/schema";

/** Named shapes of the reform ledger's API (改革任务台账), from the generated schema. */
type Schemas = components["schemas"];
/** A request body, taken from the path so it survives renamed components. */
type Json<Body> = Body extends { content: { "application/json": infer Content } } ? Content : never;

export type PlanPreview = Schemas["PlanPreview"];
export type ParsedPlanTask = Schemas["ParsedPlanTask"];
export type ParsedPlanPhase = Schemas["ParsedPlanPhase"];
export type PlanImportBody = Schemas["PlanImportBody"];
export type PlanSummary = Schemas["PlanSummary"];
export type Plan = Schemas["Plan"];
export type PlanPhase = Schemas["PlanPhase"];
export type PlanLevelTarget = Schemas["PlanLevelTarget"];
export type PlanTask = Schemas["PlanTask"];
export type PlanTaskStatus = PlanTask["status"];
export type PlanTaskGroups = Schemas["PlanTaskGroups"];
export type PlanTaskGrouping = PlanTaskGroups["groupBy"];
export type UpdatePlanTaskBody = Schemas["UpdatePlanTask"];

export type PlanProgress = Schemas["PlanProgress"];
export type PlanProgressRule = PlanProgress["rule"];
export type PlanProgressRuleBody = Json<paths["/api/v1/plans/{id}/progress-rule"]["put"]["requestBody"]>;
export type PlanTaskDetail = Schemas["PlanTaskDetail"];
export type PlanProgressReport = Schemas["PlanProgressReport"];
export type PlanAttachment = Schemas["PlanAttachment"];
export type PlanCloseOut = Schemas["PlanCloseOut"];
export type CloseOutAction = PlanCloseOut["actions"][number];
export type PlanSupervision = Schemas["PlanSupervision"];
export type PlanSupervisionBody = Json<paths["/api/v1/plan-tasks/{id}/supervisions"]["post"]["requestBody"]>;
export type SupervisionKind = PlanSupervision["kind"];

export type PlanTargets = Schemas["PlanTargets"];
export type PlanTarget = Schemas["PlanTarget"];
export type TargetVerdict = PlanTarget["verdict"];
export type BindPlanTargetBody = Json<paths["/api/v1/plan-targets/{id}"]["put"]["requestBody"]>;
export type PlanUnits = Schemas["PlanUnits"];
export type PlanUnitRow = PlanUnits["units"][number];
export type PlanUnit = Schemas["PlanUnit"];

export type EvaluationRoundSummary = Schemas["EvaluationRoundSummary"];
export type EvaluationRound = Schemas["EvaluationRound"];
export type EvaluationResults = Schemas["EvaluationResults"];
export type EvaluationTaskResult = Schemas["EvaluationTaskResult"];
export type EvaluationOrganizationResult = Schemas["EvaluationOrganizationResult"];
export type CreateEvaluationRoundBody = Json<
  paths["/api/v1/organizations/{id}/evaluation-rounds"]["post"]["requestBody"]
>;
export type SaveEvaluationScoresBody = Json<
  paths["/api/v1/evaluation-rounds/{id}/scores"]["put"]["requestBody"]
>;
export type PlanComparison = Schemas["PlanComparison"];
export type PlanComparisonEntry = Schemas["PlanComparisonEntry"];
export type PlanComparisonSort = PlanComparison["sort"];
