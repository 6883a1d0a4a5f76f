import { describe, expect, it } from 'vitest';
import type { Finding } from '../../ecrf/evaluate.ts';
import { planAutoQueries, type AutoQuery } from './auto-queries.ts';

const finding = (key: string, message: string, rule = 'range'): Finding => ({
  severity: 'soft',
  keys: [key],
  rule,
  message,
});
const query = (id: number, itemKey: string, text: string, active = true): AutoQuery => ({
  id,
  itemKey,
  rule: 'range',
  text,
  active,
});

describe('automatic queries from soft findings', () => {
  it('opens one query per new finding, on its first item', () => {
    expect(planAutoQueries([], [finding('map_mmhg', '160 is outside')])).toEqual({
      open: [finding('map_mmhg', '160 is outside')],
      resolve: [],
    });
  });

  it('does not ask again about the same finding, also when the query was closed (the value was confirmed)', () => {
    const plan = planAutoQueries(
      [query(1, 'map_mmhg', '160 is outside', false)],
      [finding('map_mmhg', '160 is outside')],
    );
    expect(plan).toEqual({ open: [], resolve: [] });
  });

  it('asks again for a new value that is still out of range, and resolves the query about the old one', () => {
    const old = query(1, 'map_mmhg', '160 is outside');
    expect(planAutoQueries([old], [finding('map_mmhg', '170 is outside')])).toEqual({
      open: [finding('map_mmhg', '170 is outside')],
      resolve: [old],
    });
  });

  it('resolves an active query whose finding is gone, and leaves closed ones alone', () => {
    const active = query(1, 'gcs', 'x');
    const closed = query(2, 'map_mmhg', 'y', false);
    expect(planAutoQueries([active, closed], [])).toEqual({ open: [], resolve: [active] });
  });
});
