/**
 * The ipset contents a simulation run sees. Compiled `-m set` matches and
 * `-j SET` targets hold this object; every run starts from the saved
 * contents, so a `-j SET --add-set` earlier in the run is visible to later
 * `-m set` tests of the same run and never leaks into another branch or
 * session.
 *
 * Copy on write: a run reads the saved contents themselves, and only the
 * first change of a run (`edit`) copies them for that run. Most runs change
 * nothing, and copying every set for every branch cost more than the walk
 * (a copy is as large as the `ipset save` it came from).
 */
import type { IpSet, IpsetStore } from './store.js';

export class RunIpsets implements IpsetStore {
  private current: IpsetStore;
  /** Whether `current` is this run's own copy (else it is `saved`, which is never changed). */
  private owned = false;

  constructor(private readonly saved: IpsetStore) {
    this.current = saved;
  }

  /** Starts a run from the saved contents. */
  reset(): void {
    if (this.owned) {
      this.current = this.saved;
      this.owned = false;
    }
  }

  get(name: string): IpSet | undefined {
    return this.current.get(name);
  }

  /** The set `name` of this run, to change: the run's own copy of the contents is made on its first change. */
  edit(name: string): IpSet | undefined {
    if (!this.owned) {
      this.current = this.saved.clone();
      this.owned = true;
    }
    return this.current.get(name);
  }

  clone(): IpsetStore {
    return this.current.clone();
  }
}
