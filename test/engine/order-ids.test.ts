import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderIdOf } from "../../src/engine/order-intents.ts";

describe("orderIdOf", () => {
  it("is o<number> for numbers inside and beyond the shared table, in any order of first use", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 200_000 }), { minLength: 1, maxLength: 40 }), (sequences) => {
        for (const sequence of sequences) expect(orderIdOf(sequence)).toBe(`o${sequence}`);
      }),
    );
  });

  it("gives a number never made before its own id, not a neighbour's (the table grows up to it)", () => {
    expect(orderIdOf(60_001)).toBe("o60001");
    expect(orderIdOf(59_999)).toBe("o59999");
    expect(orderIdOf(65_535)).toBe("o65535");
    expect(orderIdOf(65_536)).toBe("o65536");
  });

  it("keeps a fractional number's digits (not a table entry)", () => {
    expect(orderIdOf(2.5)).toBe("o2.5");
  });
});
