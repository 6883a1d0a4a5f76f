import { describe, expect, it } from 'vitest';
import { Rng } from '../stats/random.ts';
import { planPatient } from './patient-plan.ts';
import { dayMs, hourMs, parseDate } from './time.ts';

describe('a planned participant', () => {
  const admission = parseDate('2026-03-01') + 3 * hourMs;
  const plans = Array.from({ length: 600 }, (_, i) => planPatient(new Rng(i), admission + (i % 50) * dayMs));

  it('has visits in protocol order, after admission, none after death or withdrawal', () => {
    for (const plan of plans) {
      const order = plan.visits.map((v) => v.visit);
      expect(order).toEqual(
        [...order].sort(
          (a, b) => ['D0', 'D3', 'DIS', 'M3', 'M12'].indexOf(a) - ['D0', 'D3', 'DIS', 'M3', 'M12'].indexOf(b),
        ),
      );
      for (const visit of plan.visits) {
        expect(visit.at).toBeGreaterThan(plan.admissionAt);
        if (plan.deathAt !== null) expect(visit.at).toBeLessThan(plan.deathAt);
        if (plan.withdrawal !== null) expect(visit.at).toBeLessThan(plan.withdrawal.at);
      }
      if (plan.dischargeAt === null) expect(order.filter((v) => v === 'DIS' || v === 'M3' || v === 'M12')).toEqual([]);
      expect(plan.screenedAt).toBeGreaterThan(plan.admissionAt);
    }
  });

  it('has mostly deferred consent, a few refusals, and some visits missed or out of window', () => {
    const deferred = plans.filter((p) => p.route === 'deferred').length / plans.length;
    expect(deferred).toBeGreaterThan(0.65);
    expect(deferred).toBeLessThan(0.85);
    expect(plans.some((p) => p.consents.some((c) => c.decision === 'refused'))).toBe(true);
    expect(plans.some((p) => p.visits.some((v) => v.outcome === 'missed'))).toBe(true);
    const d0 = plans.flatMap((p) => p.visits.filter((v) => v.visit === 'D0').map((v) => v.at - p.admissionAt));
    expect(d0.some((t) => t > 48 * hourMs)).toBe(true);
    expect(d0.filter((t) => t <= 48 * hourMs).length / d0.length).toBeGreaterThan(0.9);
  });
});
