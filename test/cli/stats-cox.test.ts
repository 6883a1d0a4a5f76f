import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { septype } from '../support/septype-cli.ts';
import { coxCases } from '../fixtures/stats/cox-fixtures.ts';

const data = (name: string) => new URL(`../fixtures/stats/data/${name}`, import.meta.url).pathname;

interface Test {
  chisq: number;
  df: number;
  p: number;
}
interface CoxOutput {
  n: number;
  events: number;
  ties: string;
  coefficients: {
    name: string;
    coef: number;
    se: number;
    z: number;
    p: number;
    hr: number;
    lower: number;
    upper: number;
  }[];
  loglik: [number, number];
  tests: { likelihoodRatio: Test; wald: Test; score: Test };
  concordance: number;
  iterations: number;
  converged: boolean;
  zph: { covariates: { name: string; chisq: number; p: number }[]; global: Test } | null;
  dropped: number;
}

const rel = (ours: number, r: number) => Math.abs(ours - r) / Math.abs(r);

describe('septype stats cox', () => {
  for (const name of ['lung-efron', 'sim-efron-strata', 'colon-breslow-strata-rx']) {
    it(`matches R coxph and cox.zph end to end: ${name}`, async () => {
      const c = coxCases.find((k) => k.name === name)!;
      const args = ['stats', 'cox', '--input', data(c.file), '--time', c.time, '--event', c.event];
      args.push('--covariates', c.covariates.join(','), '--ties', c.ties);
      if (c.strata !== null) args.push('--strata', c.strata);
      const result = await septype(args);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const out = JSON.parse(result.stdout) as CoxOutput;
      expect([out.n, out.events, out.dropped, out.ties, out.converged]).toEqual([
        c.n,
        c.events,
        c.dropped,
        c.ties,
        true,
      ]);
      expect(out.coefficients.map((k) => k.name)).toEqual(c.covariates);
      out.coefficients.forEach((k, j) => {
        for (const field of ['coef', 'se', 'z', 'p', 'hr', 'lower', 'upper'] as const)
          expect(rel(k[field], c[field][j]!), `${field}[${j}]`).toBeLessThan(1e-6);
      });
      out.loglik.forEach((l, j) => expect(rel(l, c.loglik[j]!)).toBeLessThan(1e-9));
      expect(rel(out.tests.likelihoodRatio.chisq, c.lrt.chisq)).toBeLessThan(1e-6);
      expect(rel(out.tests.wald.chisq, c.wald.chisq)).toBeLessThan(1e-6);
      expect(rel(out.tests.score.p, c.score.p)).toBeLessThan(1e-6);
      expect(Math.abs(out.concordance - c.concordance)).toBeLessThan(1e-9);
      out.zph!.covariates.forEach((z, j) => {
        expect(z.name).toBe(c.covariates[j]);
        expect(rel(z.chisq, c.zph.chisq[j]!)).toBeLessThan(1e-6);
        expect(rel(z.p, c.zph.p[j]!)).toBeLessThan(1e-6);
      });
      expect(out.zph!.global.df).toBe(c.zph.global.df);
      expect(rel(out.zph!.global.chisq, c.zph.global.chisq)).toBeLessThan(1e-6);
    });
  }

  const dir = mkdtempSync(join(tmpdir(), 'septype-cox-'));
  const csv = join(dir, 'bad.csv');
  writeFileSync(csv, 'time,event,age,site\n5,1,60,a\n3,0,70,b\n8,1,oops,a\n2,1,55,b\n');

  it.each([
    ['an unknown covariate', ['--input', data('survival-lung.csv'), '--covariates', 'sex,nope'], '--covariates'],
    ['a non-numeric covariate', ['--input', csv, '--covariates', 'age'], 'age'],
    [
      '--ties other than efron|breslow',
      ['--input', data('survival-lung.csv'), '--covariates', 'sex', '--ties', 'exact'],
      '--ties',
    ],
    ['a missing --covariates', ['--input', data('survival-lung.csv')], '--covariates'],
    [
      'an unknown strata column',
      ['--input', data('survival-lung.csv'), '--covariates', 'sex', '--strata', 'ward'],
      '--strata',
    ],
  ])('rejects %s with exit 2 and a JSON error', async (_what, extra, field) => {
    const result = await septype(['stats', 'cox', '--time', 'time', '--event', 'event', ...extra]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const body = JSON.parse(result.stderr) as { error: { code: string; field: string; message: string } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.field).toBe(field);
  });

  it('rejects collinear covariates with exit 2', async () => {
    const file = join(dir, 'collinear.csv');
    writeFileSync(file, 'time,event,a,b\n5,1,1,2\n3,0,2,4\n8,1,3,6\n2,1,4,8\n6,1,5,10\n');
    const result = await septype([
      'stats',
      'cox',
      '--input',
      file,
      '--time',
      'time',
      '--event',
      'event',
      '--covariates',
      'a,b',
    ]);
    expect(result.code).toBe(2);
    expect((JSON.parse(result.stderr) as { error: { message: string } }).error.message).toMatch(/collinear/);
  });
});
