import { describe, expect, it } from 'vitest';
import { parseDemoOptions } from './options.ts';

describe('the demo command flags', () => {
  it('defaults to 400 patients on 3 sites, seed 1, as of 2027-06-01', () => {
    expect(parseDemoOptions({})).toEqual({ patients: 400, sites: 3, seed: 1, asOf: '2027-06-01' });
  });

  it.each([
    [{ patients: '0' }, '--patients'],
    [{ patients: '2.5' }, '--patients'],
    [{ patients: '1e3' }, '--patients'],
    [{ sites: '0' }, '--sites'],
    [{ sites: '201' }, '--sites'],
    [{ sites: '10', patients: '5' }, '--sites'],
    [{ seed: '-1' }, '--seed'],
    [{ 'as-of': '2027-13-01' }, '--as-of'],
    [{ 'as-of': '2027-02-29' }, '--as-of'],
    [{ 'as-of': '1.6.2027' }, '--as-of'],
    [{ 'as-of': '2025-11-10' }, '--as-of'],
  ])('refuses %j naming the flag', (flags, field) => {
    expect(() => parseDemoOptions(flags)).toThrow(expect.objectContaining({ field }) as Error);
  });
});
