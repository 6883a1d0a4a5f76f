import type { AnalysisDatasets, CompetingTime } from '../../immunotype/dataset.ts';
import { analysis } from '../../protocol/nct07273344/analysis.ts';
import { rng } from '../../stats/random.ts';
import { visits } from './immunotypes.ts';
import { plantParticipant, plantSample } from './participant.ts';

/**
 * Analysis datasets drawn straight from the demo model, without a database: every participant, each visit they
 * lived to, the study's panel. For tests and fixtures of the analysis that need a cohort in a second, not the
 * demo study's half minute.
 */
export function simulatedDatasets(n: number, seed: number): AnalysisDatasets {
  const r = rng(seed);
  const sites = ['lung', 'abdomen', 'urinary', 'skin'];
  const dayOf = { D0: 0, D3: 3, M3: 90, M12: 360 } as const;
  const data: AnalysisDatasets = { participants: [], samples: [] };
  for (let i = 0; i < n; i++) {
    const p = plantParticipant(r);
    const studyId = `P${String(i + 1).padStart(3, '0')}`;
    const { deathDay, dischargeDay } = p.outcomes;
    const alive = (day: number) => deathDay === null || deathDay > day;
    const first = (days: number[]): CompetingTime =>
      days.length > 0
        ? { days: Math.max(days[0]!, 0.5), status: 1 }
        : deathDay !== null
          ? { days: Math.max(deathDay, 0.5), status: 2 }
          : { days: 365, status: 0 };
    data.participants.push({
      studyId,
      site: 'S1',
      age: 40 + r.int(45),
      sex: r.uniform() < 0.6 ? 'male' : 'female',
      sofa2: p.sofa2,
      infectionSite: sites[r.int(sites.length)]!,
      survival: deathDay === null ? { days: 365, dead: false } : { days: Math.max(deathDay, 0.5), dead: true },
      mortality: {},
      competing: {
        readmission: first(p.outcomes.readmissionDays),
        newInfection: first(p.outcomes.infectionDays),
        cardiovascular: first(p.outcomes.cardiovascularDays),
      },
      eq5d: alive(90) ? { M3: Number((0.6 + 0.3 * r.uniform()).toFixed(3)) } : {},
    });
    for (const visit of visits) {
      const day = visit === 'DIS' ? dischargeDay : dayOf[visit];
      if (day === null || !alive(day)) continue;
      const planted = plantSample(r, p, visit);
      const values = Object.fromEntries(
        analysis.panel.map((code) => {
          const v = planted[code as keyof typeof planted];
          return [code, { value: v.value, belowLod: v.qualifier === '<LOD' }];
        }),
      );
      data.samples.push({ studyId, site: 'S1', visit, values });
    }
  }
  return data;
}
