import { describe, expect, it } from 'vitest';
import { calibrateHladr } from '../clinical/hladr-calibration.ts';
import { study } from '../protocol/nct07273344/protocol.ts';
import { Rng } from '../stats/random.ts';
import { beadRun, longResultFile } from './lab-files.ts';
import { drawBiomarkers } from './model/biomarkers.ts';

describe('what the demo laboratory hands back', () => {
  it('makes bead runs that pass the quality rules and give back the planted HLA-DR', () => {
    const rng = new Rng(7);
    for (let run = 0; run < 50; run += 1) {
      const beads = beadRun(rng);
      const planted = [1500, 2700, 8000, 30000];
      const fit = calibrateHladr({
        beads: beads.beads,
        samples: planted.map((abc, i) => ({ id: `s${i}`, mfi: beads.mfiOf(abc) })),
      });
      expect(fit.accepted).toBe(true);
      fit.samples.forEach((sample, i) => expect(Math.abs((sample.abc ?? 0) / planted[i]! - 1)).toBeLessThan(0.08));
    }
  });

  it('writes a long file with the assay sample type barcodes, <LOD values and no HLA-DR', () => {
    const results = drawBiomarkers(new Rng(3), { type: 'adaptive', visit: 'M12', survivor: true, severity: -2 });
    const csv = longResultFile(
      study.assays,
      [{ results, barcodes: { plasma: 'A1', serum: 'A2', whole_blood: 'A3' } }],
      'P1',
    );
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('Sample,Analyte,Value,Unit,Plate');
    expect(lines.some((l) => l.startsWith('A2,Ferritin,') || l.includes(',Ferritin,'))).toBe(true);
    expect(lines.some((l) => l.includes('Monocyte HLA-DR,'))).toBe(false);
    const lod = Object.values(results).some((r) => r.qualifier === '<LOD');
    expect(lines.some((l) => /,<[\d.]+,/.test(l))).toBe(lod);
    for (const line of lines.slice(1)) expect(line.split(',').at(-1)).toBe('P1');
  });
});
