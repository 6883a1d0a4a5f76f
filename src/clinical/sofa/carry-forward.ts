import { organs, type Organ } from './result.ts';

export interface CarriedDay {
  components: Record<Organ, number>;
  total: number;
  /** The first day: organs without data, scored 0. */
  missing: Organ[];
  /** Later days: organs without data, carrying the day before's points. */
  carriedForward: Organ[];
}

/**
 * Daily SOFA over a stay (sofa2.md): the first day scores an organ without data 0; a later day carries the day
 * before's points forward. Both are reported. Days in order, one per scoring window (null: no data for that organ).
 */
export function carryForward(days: readonly Readonly<Record<Organ, number | null>>[]): CarriedDay[] {
  let previous: Record<Organ, number> | null = null;
  return days.map((points) => {
    const missing: Organ[] = [];
    const carriedForward: Organ[] = [];
    const components = Object.fromEntries(
      organs.map((organ) => {
        const value = points[organ];
        if (value !== null) return [organ, value];
        if (previous === null) missing.push(organ);
        else carriedForward.push(organ);
        return [organ, previous?.[organ] ?? 0];
      }),
    ) as Record<Organ, number>;
    previous = components;
    return { components, total: organs.reduce((sum, organ) => sum + components[organ], 0), missing, carriedForward };
  });
}
