/** Lists the engine creates for every run and refills on its hot paths. */

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

/**
 * Shortens a list to `length` by popping, which keeps its backing store (setting `length` releases
 * it once the list is empty, and the next push allocates a new one).
 */
export function truncate(list: unknown[], length: number): void {
  while (list.length > length) list.pop();
}
