import { describe, expect, it } from 'vitest';
import { samplePlan } from '../../../../src/protocol/nct07273344/samples.ts';
import { aliquotRowsFor, newTube, toProcessingRequest, tubesToProcess } from './process-form.ts';

const plan = samplePlan;

describe('the "Process tubes" form', () => {
  it('offers one tube per tube the visit recorded and not processed yet', () => {
    const recorded = [
      { tube: 'EDTA', count: 2 },
      { tube: 'SERUM', count: 1 },
    ];
    expect(tubesToProcess(plan, 'D0', recorded, [])).toEqual(['EDTA', 'EDTA', 'SERUM']);
    expect(tubesToProcess(plan, 'D0', recorded, [{ tubeType: 'EDTA' }])).toEqual(['EDTA', 'SERUM']);
    // Nothing recorded: the plan's tubes for the visit.
    expect(tubesToProcess(plan, 'D0', [], [])).toEqual(['EDTA', 'EDTA', 'SERUM', 'LIHEP', 'PAXGENE']);
  });

  it('lists the sample types a tube makes at their usual volume, none made yet', () => {
    expect(aliquotRowsFor(plan, 'SERUM')).toEqual([{ sampleType: 'serum', volumeUl: 500, count: 0 }]);
    expect(aliquotRowsFor(plan, 'EDTA').map((row) => row.sampleType)).toEqual(['whole_blood', 'plasma', 'pbmc', 'dna']);
  });

  it('sends the rows with a count, the times at the site, and shows refusals under the right field', () => {
    const tube = newTube(plan, 'EDTA', '2026-03-02T09:00');
    tube.processedAt = '2026-03-02T10:30';
    tube.aliquots[1]!.count = 2; // plasma
    tube.aliquots[2]!.count = 1; // PBMC
    tube.aliquots[2]!.volumeUl = '';
    tube.centrifuged = true;
    Object.assign(tube, { g: 2000, minutes: 10, temperatureC: 20 });
    const { body, formField } = toProcessingRequest({ tubes: [tube] }, 'Europe/Amsterdam');
    expect(body.tubes[0]).toEqual({
      tubeType: 'EDTA',
      barcode: null,
      drawnAt: '2026-03-02T09:00:00+01:00',
      receivedAt: '2026-03-02T09:00:00+01:00',
      processedAt: '2026-03-02T10:30:00+01:00',
      centrifugation: { g: 2000, minutes: 10, temperatureC: 20 },
      aliquots: [
        { sampleType: 'plasma', volumeUl: 500, count: 2 },
        { sampleType: 'pbmc', volumeUl: null, count: 1 },
      ],
    });
    expect(formField('tubes.0.aliquots.1.count')).toBe('tubes.0.aliquots.2.count');
    expect(formField('tubes.0.aliquots.0.sampleType')).toBe('tubes.0.aliquots');
    expect(formField('tubes.0.centrifugation.g')).toBe('tubes.0.g');
    expect(formField('tubes.0.processedAt')).toBe('tubes.0.processedAt');
  });
});
