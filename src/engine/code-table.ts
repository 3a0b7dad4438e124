import { referenceList } from "./lists.ts";

/** Distinct values a scan looks through before a {@link CodeTable} keeps an index of them. */
const SCANNED_VALUES = 8;

/**
 * Distinct values in order of first use; a value's code is its index in {@link values}. Logs store
 * codes (numbers) instead of repeated strings. A run uses a handful of distinct values (exit reasons,
 * order tags), found by a scan; past {@link SCANNED_VALUES} a map finds them, so a strategy that tags
 * every order differently costs a lookup per order rather than a scan of every tag so far.
 */
export class CodeTable<Value> {
  readonly values: Value[] = referenceList();
  private index: Map<Value, number> | undefined;

  /** The code of `value`, given a new one at its first use. */
  code(value: Value): number {
    const values = this.values;
    if (this.index === undefined) {
      for (let code = 0; code < values.length; code++) if (values[code] === value) return code;
    }
    return this.lookUp(value);
  }

  /** A value not among the scanned ones: the index's code, or a new one. (Kept apart: callers inline {@link code}.) */
  private lookUp(value: Value): number {
    const values = this.values;
    const index = this.index;
    const known = index?.get(value);
    if (known !== undefined) return known;
    const code = values.length;
    values.push(value);
    if (index !== undefined) index.set(value, code);
    else if (values.length > SCANNED_VALUES) this.index = new Map(values.map((known, at) => [known, at]));
    return code;
  }
}
