import { describe, expect, it } from "vitest";
import { violatedConstraint } from "./violated-constraint";

describe("violatedConstraint", () => {
  it("reads the constraint field, directly or from Drizzle's cause", () => {
    expect(violatedConstraint({ constraint: "member_citizen_id_key" })).toBe("member_citizen_id_key");
    expect(violatedConstraint({ cause: { constraint: "member_member_number_key" } })).toBe(
      "member_member_number_key",
    );
  });

  it("reads a Citus worker's error from its message, without the shard id", () => {
    const citus = {
      code: "23505",
      message: 'duplicate key value violates unique constraint "member_member_number_key_102041"',
    };
    expect(violatedConstraint({ message: "Failed query: insert …", cause: citus })).toBe(
      "member_member_number_key",
    );
    expect(
      violatedConstraint({ code: "23505", message: 'unique constraint "citizen_id_registry_pkey_102105"' }),
    ).toBe("citizen_id_registry_pkey");
  });

  it("cuts the shard id off the field of a Citus local table's shard on the coordinator", () => {
    expect(
      violatedConstraint({
        cause: { code: "23505", constraint: "member_transfer_incoming_letter_key_102292" },
      }),
    ).toBe("member_transfer_incoming_letter_key");
  });

  it("is undefined for other errors", () => {
    expect(violatedConstraint(new Error('constraint "x"'))).toBeUndefined();
    expect(violatedConstraint(null)).toBeUndefined();
    expect(violatedConstraint({ code: "40001", message: 'constraint "x_1234567"' })).toBeUndefined();
  });
});
