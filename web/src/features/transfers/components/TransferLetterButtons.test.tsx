import { screen } from "@testing-library/react";
import { ROLE_PERMISSIONS } from "@tuanwu/domain";
import { describe, expect, it } from "vitest";
import { meWith, renderWithApp } from "../../../test/render";
import type { TransferDetail } from "../api/transfer-queries";
import { TransferLetterButtons } from "./TransferLetterButtons";

const secretary = meWith([...ROLE_PERMISSIONS.branch_secretary]);
const member = meWith([...ROLE_PERMISSIONS.member]);

/** The parts of a transfer's page the letter buttons read. */
function transferOut(overrides: Partial<TransferDetail>): TransferDetail {
  return {
    id: 11,
    state: "transferred_out",
    to: null,
    toExternalName: "成都市武侯区团委",
    outOfInstallation: true,
    letterNumber: null,
    side: "sending",
    ...overrides,
  } as TransferDetail;
}

describe("TransferLetterButtons (组织关系介绍信)", () => {
  it("offers nothing before the sending committee's approval issues the letter", () => {
    renderWithApp(<TransferLetterButtons transfer={transferOut({ state: "awaiting_sending_committee" })} />, {
      me: secretary,
    });
    expect(screen.queryByTestId("transfer-letter-issue")).toBeNull();
    expect(screen.queryByTestId("transfer-letter")).toBeNull();
  });

  it("offers to issue the letter of a transferred-out transfer that has none", () => {
    renderWithApp(<TransferLetterButtons transfer={transferOut({})} />, { me: secretary });
    expect(screen.getByTestId("transfer-letter-issue").textContent).toContain("开具介绍信");
    expect(screen.queryByTestId("transfer-letter-docx")).toBeNull();
  });

  it("downloads an issued letter as .docx or PDF", () => {
    renderWithApp(<TransferLetterButtons transfer={transferOut({ letterNumber: "20260906-000011" })} />, {
      me: secretary,
    });
    expect(screen.getByTestId("transfer-letter-docx").textContent).toContain("Word");
    expect(screen.getByTestId("transfer-letter-pdf").textContent).toContain("PDF");
    expect(screen.queryByTestId("transfer-letter-issue")).toBeNull();
  });

  it("shows nothing inside the installation, to the receiving side, or to the member", () => {
    renderWithApp(
      <TransferLetterButtons
        transfer={transferOut({
          to: { id: 20, name: "东河镇团委" },
          toExternalName: null,
          outOfInstallation: false,
          letterNumber: "20260906-000011",
        })}
      />,
      { me: secretary },
    );
    renderWithApp(<TransferLetterButtons transfer={transferOut({ side: "receiving" })} />, { me: secretary });
    renderWithApp(<TransferLetterButtons transfer={transferOut({ side: "member" })} />, { me: member });
    expect(screen.queryByTestId("transfer-letter-issue")).toBeNull();
    expect(screen.queryByTestId("transfer-letter")).toBeNull();
  });
});
