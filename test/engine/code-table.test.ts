import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CodeTable } from "../../src/engine/code-table.ts";

describe("CodeTable", () => {
  it("gives each distinct value the index of its first use, before and after it starts indexing", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 }), { maxLength: 300 }), (sequence) => {
        const table = new CodeTable<string>();
        const codes = sequence.map((value) => table.code(value));
        const firstUse = [...new Set(sequence)];
        expect(table.values).toStrictEqual(firstUse);
        expect(codes).toStrictEqual(sequence.map((value) => firstUse.indexOf(value)));
      }),
    );
  });

  it("finds values past the scanned ones (a tag per order)", () => {
    const table = new CodeTable<string>();
    for (let index = 0; index < 1_000; index++) expect(table.code(`entry-${index}`)).toBe(index);
    expect(table.code("entry-3")).toBe(3);
    expect(table.code("entry-999")).toBe(999);
    expect(table.values).toHaveLength(1_000);
  });
});
