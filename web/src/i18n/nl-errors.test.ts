import { describe, expect, it } from 'vitest';
import { nlErrors } from './nl-errors.ts';

/** Every message set the server defines: in a messages.ts anywhere under src/ (core, protocol, clinical, slices). */
const sources = import.meta.glob<Record<string, unknown>>('../../../src/**/messages.ts', { eager: true });

const keys = Object.values(sources).flatMap((module) =>
  Object.values(module).flatMap((set) =>
    typeof set === 'object' && set !== null
      ? Object.values(set).flatMap((message) =>
          typeof message === 'function' && typeof (message as { key?: unknown }).key === 'string'
            ? [(message as unknown as { key: string }).key]
            : [],
        )
      : [],
  ),
);

describe('the Dutch texts of server messages', () => {
  it('cover every message key of every set (a new set must be added to nl-errors.ts)', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    expect(keys.length).toBeGreaterThan(100);
    const missing = keys.filter((key) => {
      const [namespace = '', name = ''] = key.split('.');
      return typeof nlErrors[namespace]?.[name] !== 'function';
    });
    expect(missing).toEqual([]);
  });
});
