/**
 * An empty list whose elements are object references from the start (V8's "packed elements" kind).
 * A `[]` literal starts as a list of small integers and changes its hidden class when the first
 * object goes in; the engine creates its queues, pools and logs afresh for every run, so that change
 * would deoptimize, run after run, code compiled with the lists of the runs before.
 */
export function referenceList<Element>(): Element[] {
  const list: unknown[] = [undefined];
  list.pop();
  return list as Element[];
}
