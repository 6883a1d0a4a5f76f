import type { SampleProcessing, TubeView } from '../../api/biobank-types.ts';
import type { StudyProtocol } from '../../api/types.ts';
import { localInputToIso } from '../../i18n/site-time.ts';

/**
 * The "Process tubes" form as values (strings as typed) and the request it becomes. Pure: the modal renders
 * these, the tests check them.
 */

type SamplePlan = StudyProtocol['samplePlan'];

export interface AliquotRow {
  sampleType: string;
  /** µL; '' for the sample type's usual volume. */
  volumeUl: number | string;
  /** How many aliquots of this type; 0 makes none. */
  count: number | string;
}

export interface TubeValues {
  /** A stable key for React and the form's list. */
  key: string;
  tubeType: string;
  /** The tube's own label; '' has one made. */
  barcode: string;
  /** Wall-clock time at the site, 'YYYY-MM-DDTHH:mm'. */
  drawnAt: string;
  receivedAt: string;
  processedAt: string;
  centrifuged: boolean;
  g: number | string;
  minutes: number | string;
  temperatureC: number | string;
  aliquots: AliquotRow[];
}

export interface ProcessValues {
  tubes: TubeValues[];
}

let keys = 0;
const nextKey = () => `tube-${++keys}`;

/** One row per sample type the tube makes, at its usual volume, none to make yet. */
export function aliquotRowsFor(plan: SamplePlan, tubeType: string): AliquotRow[] {
  const makes = plan.tubes.find((tube) => tube.code === tubeType)?.makes ?? [];
  return makes.map((code) => ({
    sampleType: code,
    volumeUl: plan.sampleTypes.find((type) => type.code === code)?.defaultVolumeUl ?? '',
    count: 0,
  }));
}

/** A tube of the form, all three times at `time` (the visit's). */
export function newTube(plan: SamplePlan, tubeType: string, time: string): TubeValues {
  return {
    key: nextKey(),
    tubeType,
    barcode: '',
    drawnAt: time,
    receivedAt: time,
    processedAt: time,
    centrifuged: false,
    g: '',
    minutes: '',
    temperatureC: '',
    aliquots: aliquotRowsFor(plan, tubeType),
  };
}

/**
 * The tube types still to process at a visit, one entry per tube: those the visit recorded as drawn (else the
 * plan's), less those processed already.
 */
export function tubesToProcess(
  plan: SamplePlan,
  visit: string,
  recorded: readonly { tube: string; count: number }[],
  processed: readonly Pick<TubeView, 'tubeType'>[],
): string[] {
  const drawn = recorded.length > 0 ? recorded : (plan.perVisit[visit] ?? []);
  return drawn.flatMap(({ tube, count }) => {
    const done = processed.filter((p) => p.tubeType === tube).length;
    return Array.from({ length: Math.max(0, count - done) }, () => tube);
  });
}

/** The tube types a visit may process: those it drew (recorded, else planned). */
export function visitTubeTypes(plan: SamplePlan, visit: string, recorded: readonly { tube: string }[]): string[] {
  const drawn = recorded.length > 0 ? recorded : (plan.perVisit[visit] ?? []);
  return drawn.map((d) => d.tube);
}

const numberOrNull = (value: number | string): number | null =>
  value === '' || !Number.isFinite(Number(value)) ? null : Number(value);

export interface ProcessingRequest {
  body: SampleProcessing;
  /** The form field a field of the request is shown under (aliquot rows without a count are left out). */
  formField: (requestField: string) => string;
}

/** The request for the form's values; times are read at the site's zone. */
export function toProcessingRequest(values: ProcessValues, zone: string): ProcessingRequest {
  const rowsKept: number[][] = [];
  const tubes = values.tubes.map((tube, index) => {
    const kept = tube.aliquots.flatMap((row, j) => ((numberOrNull(row.count) ?? 0) > 0 ? [j] : []));
    rowsKept[index] = kept;
    return {
      tubeType: tube.tubeType,
      barcode: tube.barcode.trim() === '' ? null : tube.barcode.trim(),
      drawnAt: localInputToIso(tube.drawnAt, zone) ?? tube.drawnAt,
      receivedAt: localInputToIso(tube.receivedAt, zone) ?? tube.receivedAt,
      processedAt: localInputToIso(tube.processedAt, zone) ?? tube.processedAt,
      centrifugation: tube.centrifuged
        ? {
            g: numberOrNull(tube.g) ?? Number.NaN,
            minutes: numberOrNull(tube.minutes) ?? Number.NaN,
            temperatureC: numberOrNull(tube.temperatureC) ?? Number.NaN,
          }
        : null,
      aliquots: kept.map((j) => {
        const row = tube.aliquots[j]!;
        return { sampleType: row.sampleType, volumeUl: numberOrNull(row.volumeUl), count: Number(row.count) };
      }),
    };
  });
  const formField = (field: string) =>
    field
      .replace(/^tubes\.(\d+)\.aliquots\.(\d+)\./, (_m, tube: string, row: string) => {
        const j = rowsKept[Number(tube)]?.[Number(row)] ?? Number(row);
        return `tubes.${tube}.aliquots.${j}.`;
      })
      .replace(/^(tubes\.\d+\.aliquots)\.\d+\.sampleType$/, '$1')
      .replace(/^tubes\.(\d+)\.centrifugation\.(\w+)$/, 'tubes.$1.$2');
  return { body: { tubes }, formField };
}
