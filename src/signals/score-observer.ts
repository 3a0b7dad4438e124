/**
 * Process-wide observer of confluence scores: every candidate the detector scores (a bias and an entry
 * pattern were present) reports its total score (0-1), whether or not it becomes a signal. The API feeds
 * its `trading_confluence_score` histogram from it. At most one observer; undefined turns it off.
 */
let observer: ((total: number) => void) | undefined;

/** Sets (or clears) the confluence score observer. */
export function setConfluenceScoreObserver(next: ((total: number) => void) | undefined): void {
  observer = next;
}

/** Reports one scored candidate to the observer, if any. */
export function reportConfluenceScore(total: number): void {
  if (observer !== undefined) observer(total);
}
