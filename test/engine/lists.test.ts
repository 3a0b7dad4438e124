import { describe, expect, it } from "vitest";
import { referenceList, truncate } from "../../src/engine/lists.ts";

describe("engine lists", () => {
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

  it("truncate keeps the first elements in order and leaves shorter lists alone", () => {
    const list = ["a", "b", "c", "d"];
    truncate(list, 2);
    expect(list).toEqual(["a", "b"]);
    truncate(list, 5);
    expect(list).toEqual(["a", "b"]);
    truncate(list, 0);
    expect(list).toEqual([]);
  });
});
