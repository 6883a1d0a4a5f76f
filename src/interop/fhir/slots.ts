import type { ItemDefinition } from '../../protocol/forms.ts';
import type { Findings } from './findings.ts';
import { itemOf, rounded } from './items.ts';
import type { ItemProposal, ProposedValue, SourceRef } from './model.ts';

/** The items proposed for one slot, in the order of the form, with the first value of an item kept. */
export class SlotItems {
  private readonly proposals = new Map<string, ItemProposal>();

  constructor(
    private readonly items: Map<string, ItemDefinition>,
    private readonly findings: Findings,
    private readonly about: { form: string; slot: string },
  ) {}

  get size(): number {
    return this.proposals.size;
  }

  has(item: string): boolean {
    return this.proposals.has(item);
  }

  /**
   * Proposes a value. A number is rounded as the item keeps it. A second, different value for the same item (two
   * procedures setting ECMO differently) is a conflict: the first stays and the finding says so.
   */
  set(item: string, value: ProposedValue, sources: readonly SourceRef[], check: string | null = null): void {
    const definition = itemOf(this.items, item);
    const kept = typeof value === 'number' ? rounded(definition, value) : value;
    for (const source of sources) this.findings.used.add(source.index);
    const earlier = this.proposals.get(item);
    if (earlier === undefined) {
      this.proposals.set(item, { item, value: kept, unit: definition.unit ?? null, sources: [...sources], check });
      return;
    }
    if (earlier.value === kept) {
      earlier.sources.push(...sources.filter((s) => !earlier.sources.some((e) => e.index === s.index)));
      if (check !== null && earlier.check === null) earlier.check = check;
      return;
    }
    this.findings.add(
      'conflict',
      sources[0] ?? null,
      `${item}: ${String(kept)} and ${String(earlier.value)} for the same ${this.about.slot}; ${String(earlier.value)} is proposed`,
      { item, values: `${String(earlier.value)}, ${String(kept)}` },
      { ...this.about, item },
    );
  }

  /** The proposals in the order of the form's items. */
  list(): ItemProposal[] {
    return [...this.items.keys()].flatMap((id) => {
      const proposal = this.proposals.get(id);
      return proposal === undefined ? [] : [proposal];
    });
  }
}
