/**
 * The IpsetStore the parser fills: sets by name, in `ipset save` order.
 * clone() copies every set, and list:set members of the copy resolve in the
 * copy, so a simulation run that adds or deletes elements (-j SET) leaves
 * the parsed contents untouched.
 */
import type { KernelSet, SetResolver } from './kernel-set.js';
import type { IpsetStore } from './store.js';

export class MemoryIpsetStore implements IpsetStore {
  private readonly sets = new Map<string, KernelSet>();
  readonly resolve: SetResolver = (name) => this.sets.get(name);

  get(name: string): KernelSet | undefined {
    return this.sets.get(name);
  }

  has(name: string): boolean {
    return this.sets.has(name);
  }

  /** Set names in the order they were created. */
  names(): string[] {
    return [...this.sets.keys()];
  }

  put(set: KernelSet): void {
    this.sets.set(set.name, set);
  }

  clone(): MemoryIpsetStore {
    const c = new MemoryIpsetStore();
    for (const s of this.sets.values()) c.sets.set(s.name, s.copy(c.resolve));
    return c;
  }
}
