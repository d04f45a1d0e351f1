import { fireEvent, screen, waitFor } from "@testing-library/react";
import { MEMBER_RECORD_FIELD_NAMES, type MemberRecordField } from "@tuanwu/domain";
import { describe, expect, it, vi } from "vitest";
import { renderWithApp } from "../../../test/render";
import { MemberForm } from "./MemberForm";
import type { MemberFormValues, RecordCheckOptions } from "./member-form-values";

/** A record that passes every check: 510821200501011237 is a man born on 2005-01-01. */
const valid: MemberFormValues = {
  name: "张三",
  idDocumentType: "resident_id_card",
  citizenId: "510821200501011237",
  birthDate: "2005-01-01",
  sex: "male",
  joinedOn: "2019-05-04",
  ethnicity: "han",
  politicalStatus: "league_member",
};

/** The fields the ID checks read; the others are hidden to keep the form (and the test) small. */
const SHOWN: readonly MemberRecordField[] = [
  "name",
  "idDocumentType",
  "citizenId",
  "birthDate",
  "sex",
  "joinedOn",
];
const HIDDEN = MEMBER_RECORD_FIELD_NAMES.filter((field) => !SHOWN.includes(field));

function renderForm(initialValues: MemberFormValues, check?: RecordCheckOptions) {
  const onSubmit = vi.fn(async (_values: MemberFormValues) => {});
  renderWithApp(
    <MemberForm
      initialValues={initialValues}
      hidden={HIDDEN}
      check={check}
      submitText="保存"
      submitting={false}
      onSubmit={onSubmit}
      onCancel={() => {}}
    />,
  );
  return onSubmit;
}

/** The messages shown under the form's fields. */
function fieldMessages(): string[] {
  return [...document.querySelectorAll(".ant-form-item-explain-error")].map((node) => node.textContent ?? "");
}

function submit() {
  fireEvent.click(screen.getByTestId("member-form-submit"));
}

describe("MemberForm: the citizen ID checks, as the server applies them", () => {
  it("names a wrong check digit on the ID field as it is typed", async () => {
    renderForm(valid);
    fireEvent.change(screen.getByTestId("member-field-citizenId"), {
      target: { value: "510821200501011236" },
    });
    expect(await screen.findByText("公民身份号码：校验码不正确，请核对号码")).toBeTruthy();
  });

  it("refuses an ID of the wrong length and does not submit", async () => {
    const onSubmit = renderForm({ ...valid, citizenId: "51082120050101" });
    submit();
    expect(await screen.findByText("公民身份号码：应为18位")).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("checks sex and birth date against the ID", async () => {
    const onSubmit = renderForm({ ...valid, sex: "female", birthDate: "2005-02-01" });
    submit();
    await waitFor(() =>
      expect(fieldMessages().sort()).toEqual([
        "出生日期：与公民身份号码不一致（号码中为2005-01-01）",
        "性别：与公民身份号码不一致（号码中为男）",
      ]),
    );
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("submits a valid record with the values entered", async () => {
    const onSubmit = renderForm(valid);
    submit();
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]?.[0]).toMatchObject({ name: "张三", citizenId: "510821200501011237" });
    expect(fieldMessages()).toEqual([]);
  });

  it("does not check a masked ID the user has not changed (the server has the real one)", async () => {
    const onSubmit = renderForm(
      { ...valid, citizenId: "510821********1237" },
      { maskedFields: ["citizenId"] },
    );
    submit();
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(fieldMessages()).toEqual([]);
  });

  it("shows the server's refusal on the field it names", async () => {
    const onSubmit = renderForm(valid);
    const { ApiError } = await import("../../../api/errors");
    onSubmit.mockRejectedValueOnce(
      new ApiError(409, "duplicate_citizen_id", "公民身份号码已登记在 城关镇团委", "citizenId"),
    );
    submit();
    expect(await screen.findByText("公民身份号码已登记在 城关镇团委")).toBeTruthy();
    expect(fieldMessages()).toEqual(["公民身份号码已登记在 城关镇团委"]);
  });
});
