export const organs = ['brain', 'respiratory', 'cardiovascular', 'liver', 'kidney', 'hemostasis'] as const;
export type Organ = (typeof organs)[number];

export type SofaVersion = 'sofa2' | 'sofa1';

/** The command-line contract's output object (shared/docs/sofa2.md). */
export interface SofaResult {
  version: SofaVersion;
  total: number;
  /** null: no data for that organ (counted as 0 in the total, and listed in `missing`). */
  components: Record<Organ, number | null>;
  missing: Organ[];
  notes: string[];
}

/** What one organ's rule returns: its points (null when nothing was measured) and why. */
export interface OrganScore {
  points: number | null;
  notes: string[];
}

/** Assembles the result: the total is the sum of the components, a missing organ counting 0. */
export function sofaResult(
  version: SofaVersion,
  scores: Record<Organ, OrganScore>,
  inputNotes: string[] = [],
): SofaResult {
  const components = Object.fromEntries(organs.map((organ) => [organ, scores[organ].points])) as Record<
    Organ,
    number | null
  >;
  const missing = organs.filter((organ) => scores[organ].points === null);
  return {
    version,
    total: organs.reduce((sum, organ) => sum + (scores[organ].points ?? 0), 0),
    components,
    missing,
    notes: [...inputNotes, ...organs.flatMap((organ) => scores[organ].notes.map((note) => `${organ}: ${note}`))],
  };
}
