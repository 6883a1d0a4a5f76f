import { describe, expect, it } from 'vitest';
import { InputError, type AppError } from '../../core/errors.ts';
import { samplePlan } from '../../protocol/nct07273344/samples.ts';
import { checkProcessing, delayExceeded, delayMinutes, type ProcessingContext } from './processing-rules.ts';
import type { SampleProcessing } from './schemas.ts';

const context: ProcessingContext = {
  plan: samplePlan,
  visit: 'D0',
  drawn: [
    { tube: 'EDTA', count: 2 },
    { tube: 'PAXGENE', count: 1 },
  ],
  processedBefore: {},
  now: '2026-03-02T09:00:00.000Z',
};

const tube = (overrides: Partial<SampleProcessing['tubes'][number]> = {}): SampleProcessing['tubes'][number] => ({
  tubeType: 'EDTA',
  drawnAt: '2026-03-02T09:30:00+01:00',
  receivedAt: '2026-03-02T08:45:00Z',
  processedAt: '2026-03-02T08:58:00Z',
  aliquots: [{ sampleType: 'plasma', count: 2 }],
  ...overrides,
});

const failure = (input: SampleProcessing, ctx = context) => {
  try {
    checkProcessing(input, ctx);
  } catch (error) {
    return error as AppError;
  }
  throw new Error('accepted');
};

describe('the pre-analytical delay', () => {
  it('counts whole minutes from draw to processing, across offsets', () => {
    expect(delayMinutes('2026-03-02T09:30:00+01:00', '2026-03-02T08:58:59Z')).toBe(28);
    expect(delayMinutes('2026-03-02T08:00:00Z', '2026-03-02T07:00:00Z')).toBe(0);
  });

  it('is flagged past the sample type limit only, never for a type without one', () => {
    expect(delayExceeded(240, { maxDelayMinutes: 240 })).toBe(false);
    expect(delayExceeded(241, { maxDelayMinutes: 240 })).toBe(true);
    expect(delayExceeded(10_000, { maxDelayMinutes: null })).toBe(false);
    expect(delayExceeded(null, { maxDelayMinutes: 240 })).toBe(false);
  });
});

describe('checkProcessing', () => {
  it('gives each tube its UTC times, delay and aliquots with default volumes and per-aliquot flags', () => {
    const late = { drawnAt: '2026-03-02T03:00:00Z', receivedAt: '2026-03-02T08:00:00Z' };
    const [edta, paxgene] = checkProcessing(
      {
        tubes: [
          tube({
            ...late,
            aliquots: [
              { sampleType: 'plasma', count: 1 },
              { sampleType: 'dna', count: 1, volumeUl: 200 },
            ],
          }),
          tube({ ...late, tubeType: 'PAXGENE', aliquots: [{ sampleType: 'rna', count: 1 }] }),
        ],
      },
      context,
    );
    expect(edta).toMatchObject({
      drawnAt: '2026-03-02T03:00:00.000Z',
      delayMinutes: 358,
      delayExceeded: true,
      aliquots: [
        { sampleType: 'plasma', volumeUl: 500, delayExceeded: true },
        { sampleType: 'dna', volumeUl: 200, delayExceeded: false },
      ],
    });
    expect(paxgene).toMatchObject({ delayExceeded: false, aliquots: [{ volumeUl: 2500, delayExceeded: false }] });
  });

  it('refuses an unknown tube type and one the visit did not draw, naming the field', () => {
    expect(failure({ tubes: [tube({ tubeType: 'CITRATE' })] })).toMatchObject({
      field: 'tubes.0.tubeType',
      key: 'samples.unknownTube',
    });
    const serum = failure({ tubes: [tube(), tube({ tubeType: 'SERUM', aliquots: [] })] });
    expect(serum).toBeInstanceOf(InputError);
    expect(serum).toMatchObject({
      field: 'tubes.1.tubeType',
      message: 'no SERUM tube was drawn at D0; the visit recorded 2 × EDTA, 1 × PAXGENE',
    });
  });

  it('refuses more tubes of a type than recorded, counting those processed before (a conflict)', () => {
    expect(failure({ tubes: [tube(), tube(), tube()] })).toMatchObject({ code: 'conflict', field: 'tubes.2.tubeType' });
    const before = failure({ tubes: [tube()] }, { ...context, processedBefore: { EDTA: 2 } });
    expect(before).toMatchObject({ code: 'conflict', params: { recorded: 2, processed: 2 } });
  });

  it('refuses a sample type the tube does not make, and an unknown one', () => {
    expect(failure({ tubes: [tube({ aliquots: [{ sampleType: 'serum', count: 1 }] })] })).toMatchObject({
      field: 'tubes.0.aliquots.0.sampleType',
      key: 'samples.notMadeFromTube',
    });
    expect(failure({ tubes: [tube({ aliquots: [{ sampleType: 'urine', count: 1 }] })] })).toMatchObject({
      key: 'samples.unknownSampleType',
    });
  });

  it('wants drawn ≤ received ≤ processed, none in the future (five minutes of grace)', () => {
    expect(failure({ tubes: [tube({ receivedAt: '2026-03-02T08:29:00Z' })] })).toMatchObject({
      field: 'tubes.0.receivedAt',
    });
    expect(failure({ tubes: [tube({ processedAt: '2026-03-02T08:44:00Z' })] })).toMatchObject({
      field: 'tubes.0.processedAt',
      key: 'samples.processedBeforeReceived',
    });
    expect(failure({ tubes: [tube({ processedAt: '2026-03-02T09:06:00Z' })] })).toMatchObject({
      key: 'samples.inFuture',
    });
    expect(checkProcessing({ tubes: [tube({ processedAt: '2026-03-02T09:04:00Z' })] }, context)).toHaveLength(1);
  });

  it('refuses one barcode given for two tubes', () => {
    expect(failure({ tubes: [tube({ barcode: 'X1' }), tube({ barcode: 'X1' })] })).toMatchObject({
      field: 'tubes.1.barcode',
      key: 'samples.barcodeTwice',
    });
  });
});
