/**
 * The ipset contents a simulation run sees. Compiled `-m set` matches hold
 * this object; each run points it at a fresh copy of the saved contents, so
 * a `-j SET --add-set` earlier in the run is visible to later `-m set` tests
 * of the same run and never leaks into another branch or session.
 */
import type { IpSet, IpsetStore } from './store.js';

export class RunIpsets implements IpsetStore {
  private current: IpsetStore;

  constructor(private readonly saved: IpsetStore) {
    this.current = saved.clone();
  }

  /** Starts a run from the saved contents. */
  reset(): void {
    this.current = this.saved.clone();
  }

  get(name: string): IpSet | undefined {
    return this.current.get(name);
  }

  clone(): IpsetStore {
    return this.current.clone();
  }
}
