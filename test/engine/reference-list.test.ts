import { describe, expect, it } from "vitest";
import { referenceList } from "../../src/engine/reference-list.ts";

describe("referenceList", () => {
  it("is a new, empty, ordinary list each time", () => {
    const first = referenceList<{ id: number }>();
    const second = referenceList<{ id: number }>();
    expect(first).toEqual([]);
    expect(first).not.toBe(second);
    first.push({ id: 1 }, { id: 2 });
    expect(first.map((item) => item.id)).toEqual([1, 2]);
    expect(second).toHaveLength(0);
    expect(Array.isArray(first)).toBe(true);
  });
});
