import { AppError, InputError } from '../../core/errors.ts';
import type { SamplePlan, SampleType, TubeCount } from '../../protocol/samples.ts';
import { sampleMessages } from './messages.ts';
import type { Centrifugation, SampleProcessing } from './schemas.ts';

/** One tube of a processing request, checked against the plan and the visit record, ready to store. */
export interface CheckedTube {
  tubeType: string;
  /** As given; null: to be made. */
  barcode: string | null;
  /** UTC ISO. */
  drawnAt: string;
  receivedAt: string;
  processedAt: string;
  centrifugation: Centrifugation | null;
  delayMinutes: number;
  /** Some aliquot's sample type allows less delay than this tube had. */
  delayExceeded: boolean;
  aliquots: { sampleType: string; volumeUl: number | null; count: number; delayExceeded: boolean }[];
}

export interface ProcessingContext {
  plan: SamplePlan;
  visit: string;
  /** The tubes the visit record says were drawn. */
  drawn: readonly TubeCount[];
  /** Tubes of each type of this visit processed before. */
  processedBefore: Readonly<Record<string, number>>;
  /** UTC ISO, the server's clock. */
  now: string;
}

/** A few minutes' grace, as for visits: the times typed in come from a lab clock, not ours. */
const clockGraceMs = 5 * 60_000;

/** Draw to processing in whole minutes (the pre-analytical delay), never negative. */
export function delayMinutes(drawnAt: string, processedAt: string): number {
  return Math.max(0, Math.floor((Date.parse(processedAt) - Date.parse(drawnAt)) / 60_000));
}

/** Whether a delay is past the sample type's limit; a type without a limit (RNA, DNA) is never flagged. */
export function delayExceeded(delay: number | null, type: Pick<SampleType, 'maxDelayMinutes'> | undefined): boolean {
  const limit = type?.maxDelayMinutes ?? null;
  return delay !== null && limit !== null && delay > limit;
}

/**
 * Checks a request to process a visit's tubes. Pure. Per tube: a known type the visit drew, not more of a type
 * than the visit recorded (with those processed before), times in order (drawn ≤ received ≤ processed) and not in
 * the future, aliquots of sample types the tube makes. Barcodes given twice in the request are refused here;
 * those in use already are the repository's business.
 */
export function checkProcessing(input: SampleProcessing, context: ProcessingContext): CheckedTube[] {
  const { plan, visit, drawn } = context;
  const counted: Record<string, number> = { ...context.processedBefore };
  const barcodes = new Set<string>();
  return input.tubes.map((tube, index) => {
    const at = (field: string) => `tubes.${index}.${field}`;
    const type = plan.tubes.find((t) => t.code === tube.tubeType);
    if (type === undefined) {
      const tubes = plan.tubes.map((t) => t.code).join(', ');
      throw new InputError(at('tubeType'), sampleMessages.unknownTube({ tube: tube.tubeType, tubes }));
    }
    const recorded = drawn.find((d) => d.tube === type.code)?.count ?? 0;
    if (recorded === 0) {
      const tubes = drawn.map((d) => `${d.count} × ${d.tube}`).join(', ');
      throw new InputError(at('tubeType'), sampleMessages.tubeNotDrawn({ tube: type.code, visit, tubes }));
    }
    const processed = counted[type.code] ?? 0;
    if (processed >= recorded) {
      throw new AppError('conflict', sampleMessages.tooManyTubes({ tube: type.code, visit, recorded, processed }), {
        field: at('tubeType'),
      });
    }
    counted[type.code] = processed + 1;
    if (tube.barcode != null) {
      if (barcodes.has(tube.barcode)) {
        throw new InputError(at('barcode'), sampleMessages.barcodeTwice({ barcode: tube.barcode }));
      }
      barcodes.add(tube.barcode);
    }
    const times = checkTimes(tube, context.now, at);
    const delay = delayMinutes(times.drawnAt, times.processedAt);
    const aliquots = tube.aliquots.map((aliquot, j) => {
      const sampleType = plan.sampleTypes.find((s) => s.code === aliquot.sampleType);
      const field = at(`aliquots.${j}.sampleType`);
      if (sampleType === undefined) {
        const types = plan.sampleTypes.map((s) => s.code).join(', ');
        throw new InputError(field, sampleMessages.unknownSampleType({ sampleType: aliquot.sampleType, types }));
      }
      if (!type.makes.includes(sampleType.code)) {
        const makes = type.makes.join(', ');
        throw new InputError(
          field,
          sampleMessages.notMadeFromTube({ sampleType: sampleType.code, tube: type.code, makes }),
        );
      }
      return {
        sampleType: sampleType.code,
        volumeUl: aliquot.volumeUl ?? sampleType.defaultVolumeUl,
        count: aliquot.count,
        delayExceeded: delayExceeded(delay, sampleType),
      };
    });
    return {
      tubeType: type.code,
      barcode: tube.barcode ?? null,
      ...times,
      centrifugation: tube.centrifugation ?? null,
      delayMinutes: delay,
      delayExceeded: aliquots.some((a) => a.delayExceeded),
      aliquots,
    };
  });
}

/** Drawn ≤ received ≤ processed, none in the future; the times in UTC. */
function checkTimes(
  tube: Pick<SampleProcessing['tubes'][number], 'drawnAt' | 'receivedAt' | 'processedAt'>,
  now: string,
  at: (field: string) => string,
): { drawnAt: string; receivedAt: string; processedAt: string } {
  const latest = Date.parse(now) + clockGraceMs;
  for (const field of ['drawnAt', 'receivedAt', 'processedAt'] as const) {
    if (Date.parse(tube[field]) > latest) throw new InputError(at(field), sampleMessages.inFuture());
  }
  const [drawnAt, receivedAt, processedAt] = [tube.drawnAt, tube.receivedAt, tube.processedAt].map((text) =>
    new Date(Date.parse(text)).toISOString(),
  ) as [string, string, string];
  if (receivedAt < drawnAt) throw new InputError(at('receivedAt'), sampleMessages.receivedBeforeDrawn());
  if (processedAt < receivedAt) throw new InputError(at('processedAt'), sampleMessages.processedBeforeReceived());
  return { drawnAt, receivedAt, processedAt };
}
