/**
 * Results of a pure function of the protocol and a participant's records, kept between requests: a schedule
 * (from the visit definitions and the anchors) and the status of a visit done (in or out of its window) depend
 * on nothing else, not on the clock, and working them out with Luxon's time-zone arithmetic was most of the
 * flow and visits dashboards' time on a 400-patient study, while between two requests almost no participant's
 * records change. Statuses that depend on now are computed on every request. Entries are filed under an object
 * of the protocol (the visit definitions), so two studies never share one; the memo is bounded and emptied when
 * full (a study larger than the bound just recomputes, as it would without it). No other state: sharing it
 * between requests is safe.
 */
export class Memo<T> {
  private byOwner = new WeakMap<object, Map<string, T>>();
  private size = 0;

  constructor(private readonly capacity: number) {}

  get(owner: object, key: string, compute: () => T): T {
    let entries = this.byOwner.get(owner);
    if (entries?.has(key) === true) return entries.get(key) as T;
    const computed = compute();
    if (this.size >= this.capacity) {
      this.byOwner = new WeakMap();
      this.size = 0;
      entries = undefined;
    }
    if (entries === undefined) {
      entries = new Map();
      this.byOwner.set(owner, entries);
    }
    entries.set(key, computed);
    this.size += 1;
    return computed;
  }
}
