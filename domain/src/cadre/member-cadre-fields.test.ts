import { describe, expect, it } from "vitest";
import { isMemberCadreViewField, type MemberCadreRecord, memberCadreFieldsOf } from "./member-cadre-fields";

function record(
  id: number,
  post: string,
  startedOn: string,
  endedOn: string | null = null,
): MemberCadreRecord {
  return { id, post, kind: id % 2 === 0 ? "full_time" : "part_time", startedOn, endedOn };
}

/** Source: issue 13 part 1 ("the cadre fields on member records become views of these records"). */
describe("memberCadreFieldsOf", () => {
  it.each([
    ["no record", [], null, { isCadre: false, leaguePosition: null, cadreKind: null, positionSince: null }],
    [
      "only ended records",
      [record(1, "secretary", "2020-01-01", "2024-01-01")],
      "secretary",
      { isCadre: false, leaguePosition: null, cadreKind: null, positionSince: null },
    ],
    [
      "one open secretary",
      [record(1, "secretary", "2024-09-01")],
      null,
      { isCadre: true, leaguePosition: "secretary", cadreKind: "part_time", positionSince: "2024-09-01" },
    ],
    [
      "the most senior open post wins over an earlier junior one",
      [record(1, "publicity", "2020-01-01"), record(2, "deputy_secretary", "2023-01-01")],
      null,
      {
        isCadre: true,
        leaguePosition: "deputy_secretary",
        cadreKind: "full_time",
        positionSince: "2023-01-01",
      },
    ],
    [
      "same post: the earliest started",
      [record(3, "organizer", "2022-05-01"), record(2, "organizer", "2021-05-01")],
      null,
      {
        isCadre: true,
        leaguePosition: "organization_member",
        cadreKind: "full_time",
        positionSince: "2021-05-01",
      },
    ],
    [
      "publicity maps to publicity_member",
      [record(1, "publicity", "2021-05-01")],
      null,
      { isCadre: true, leaguePosition: "publicity_member" },
    ],
    [
      "委员 keeps a specific committee post",
      [record(1, "committee_member", "2021-05-01")],
      "volunteer_member",
      { isCadre: true, leaguePosition: "volunteer_member" },
    ],
    [
      "委员 otherwise other",
      [record(1, "committee_member", "2021-05-01")],
      "secretary",
      { isCadre: true, leaguePosition: "other" },
    ],
    ["other post", [record(1, "other", "2021-05-01")], null, { isCadre: true, leaguePosition: "other" }],
  ] as const)("%s", (_name, records, previous, expected) => {
    expect(memberCadreFieldsOf(records, previous)).toMatchObject(expected);
  });

  it("names exactly the four view fields", () => {
    expect(["isCadre", "leaguePosition", "positionSince", "cadreKind"].every(isMemberCadreViewField)).toBe(
      true,
    );
    expect(isMemberCadreViewField("name")).toBe(false);
  });
});
