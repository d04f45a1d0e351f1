import type { components, paths } from "../../../api/schema";

/** Named shapes of the indicator API (指标, 填报数据), from the generated schema. */
type Schemas = components["schemas"];
/** A request body, taken from the path so it survives renamed components. */
type Json<Body> = Body extends { content: { "application/json": infer Content } } ? Content : never;

export type Indicator = Schemas["Indicator"];
export type IndicatorLabel = Indicator["name"];
export type IndicatorUnit = Indicator["unit"];
export type IndicatorCategory = Indicator["category"];
export type IndicatorCatalog = Json<paths["/api/v1/indicators"]["get"]["responses"][200]>;

export type OrganizationIndicators = Schemas["OrganizationIndicators"];
export type IndicatorValueItem = Schemas["IndicatorCard"];
export type IndicatorTarget = NonNullable<IndicatorValueItem["target"]>;
export type TargetVerdict = IndicatorTarget["verdict"];

export type ChildrenIndicators = Schemas["ChildIndicators"];
export type ChildIndicatorRow = ChildrenIndicators["rows"][number];

export type IndicatorTrend = Schemas["IndicatorTrend"];

export type DrillDownMember = Schemas["IndicatorDrillDownMember"];
export type DrillDownOrganization = Schemas["IndicatorDrillDownOrganization"];
type DrillDownResponse = Schemas["IndicatorDrillDown"];

/** A drill-down page whose items are known to be of its kind (see toDrillDownPage). */
export type DrillDownPage = Omit<DrillDownResponse, "kind" | "items"> &
  ({ kind: "members"; items: DrillDownMember[] } | { kind: "organizations"; items: DrillDownOrganization[] });

function isMember(item: DrillDownResponse["items"][number]): item is DrillDownMember {
  return "organizationName" in item;
}

function isOrganization(item: DrillDownResponse["items"][number]): item is DrillDownOrganization {
  return !isMember(item);
}

/** The schema lists the items as either shape; `kind` says which one they all are. */
export function toDrillDownPage(response: DrillDownResponse): DrillDownPage {
  return response.kind === "members"
    ? { ...response, kind: "members", items: response.items.filter(isMember) }
    : { ...response, kind: "organizations", items: response.items.filter(isOrganization) };
}

/** The entries of each kind of entered data (填报数据) as a PUT takes them, by their path. */
export interface EnteredDataEntries {
  "youth-population": Json<
    paths["/api/v1/organizations/{id}/youth-population"]["put"]["requestBody"]
  >["entries"][number];
  "school-enrollment": Json<
    paths["/api/v1/organizations/{id}/school-enrollment"]["put"]["requestBody"]
  >["entries"][number];
  "eligible-units": Json<
    paths["/api/v1/organizations/{id}/eligible-units"]["put"]["requestBody"]
  >["entries"][number];
}
export type EnteredDataPath = keyof EnteredDataEntries;

export interface EnteredDataList<Path extends EnteredDataPath> {
  organizationId: number;
  entries: (EnteredDataEntries[Path] & { enteredBy: number | null; enteredAt: string })[];
}
