import type { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import { notFound } from '../../core/messages.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { calibrateHladr } from '../../clinical/hladr-calibration.ts';
import { audit, callerUserId, inTransaction, type CallContext } from '../../kernel/context.ts';
import { scopeFor } from '../../kernel/scope.ts';
import { studyDb } from '../../kernel/study-db.ts';
import { catalogue, currentVersions } from './catalogue.ts';
import type { CatalogueAssay, ResolvedAnalyte } from './catalogue-index.ts';
import { calibrationById } from './calibrations-repo.ts';
import type { CalibrationView, calibrationOutcome, calibrationRequest } from './contract.ts';
import { labMessages } from './messages.ts';
import { sampleFits } from './result-rules.ts';
import type { CheckedResult } from './result-checks.ts';
import { resultKey } from './result-checks.ts';
import type { ResultRow } from './read/result-types.ts';
import { currentResults, storeResults } from './results-repo.ts';
import { SampleLookup } from './sample-lookup.ts';

/** HLA-DR in antibodies bound per cell: the catalogue's analyte in that unit (one, on a flow-cytometry assay). */
const abcUnit = 'AB/C';

/**
 * One acquisition run of monocyte HLA-DR (reference-data.md): the bead line is fitted, a calibration that fails
 * its quality rules is refused with its reasons, and each stained sample's fluorescence becomes a result in AB/C
 * that names the calibration. A sample already measured gets a new version (a re-run), not a second result.
 */
export async function recordCalibration(
  ctx: CallContext,
  request: z.infer<typeof calibrationRequest>,
): Promise<z.infer<typeof calibrationOutcome>> {
  const scope = scopeFor(ctx, 'lab.import');
  refuseDuplicateSamples(request.samples);
  const fit = calibrateHladr(
    { beads: request.beads, samples: request.samples.map((s) => ({ id: s.barcode, mfi: s.mfi })) },
    request.minR2 === undefined ? {} : { minR2: request.minR2 },
  );
  if (!fit.accepted || fit.slope === null || fit.intercept === null || fit.r2 === null) {
    throw new InputError('beads', labMessages.calibrationRefused({ problems: fit.problems.join('; ') }), {
      details: fit.problems.map((message) => ({ message, field: 'beads' })),
    });
  }
  const { slope, intercept, r2 } = fit;
  const calibrationId = await whileRacing(() =>
    inTransaction(ctx, async (trx) => {
      const db = studyDb(trx, scope);
      const now = ctx.clock.now();
      const at = now.toISOString();
      const target = abcAnalyte(currentVersions(await catalogue(trx, ctx.study, now)));
      const barcodes = request.samples.map((s) => s.barcode);
      const [samples, stored] = await Promise.all([
        new SampleLookup(db, ctx.study).find(barcodes),
        currentResults(db, barcodes),
      ]);
      const mfis = request.beads.map((b) => b.mfi);
      const inserted = await trx
        .insertInto('hladr_calibrations')
        .values({
          run_label: request.runLabel,
          acquired_on: request.acquiredOn,
          bead_lot: request.beadLot,
          beads_json: JSON.stringify(request.beads),
          slope,
          intercept,
          r2,
          min_mfi: Math.min(...mfis),
          max_mfi: Math.max(...mfis),
          warnings_json: JSON.stringify(fit.warnings),
          created_by: callerUserId(ctx.caller),
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(inserted.id);
      const results = request.samples.map((sample, index): CheckedResult => {
        const field = `samples.${index}.barcode`;
        const known = samples.get(sample.barcode) ?? null;
        if (known?.participantId == null) {
          throw new InputError(field, labMessages.rowUnknownSample({ barcode: sample.barcode }));
        }
        const misfit = sampleFits(known, target.assay.sampleType, target.assay.code);
        if (misfit !== null) throw new InputError(field, misfit);
        const abc = fit.samples[index]!;
        return {
          row: fluorescenceRow(index, sample, request.runLabel),
          sample: { ...known, participantId: known.participantId },
          assay: target.assay,
          analyte: target.analyte.code,
          unit: abcUnit,
          value: abc.abc,
          replaces: stored.get(resultKey(sample.barcode, target.analyte.code)) ?? null,
          ...(abc.extrapolated ? { qc: 'extrapolated' } : {}),
        };
      });
      await storeResults(db, results, {
        importId: null,
        calibrationId: id,
        reason: `re-measured in run ${request.runLabel}`,
        by: callerUserId(ctx.caller),
        at,
      });
      await audit(ctx, trx, {
        siteId: null,
        action: 'hladr.calibrated',
        entity: 'hladr_calibration',
        entityId: id,
        after: {
          runLabel: request.runLabel,
          beadLot: request.beadLot,
          beads: request.beads,
          slope,
          intercept,
          r2,
          samples: results.length,
        },
      });
      return id;
    }),
  );
  const calibration = (await calibrationById(ctx.database.kysely, calibrationId))!;
  const db = studyDb(ctx.database.kysely, scope);
  const ids = await db
    .selectFrom('lab_results')
    .select(['id', 'sample_barcode'])
    .where('calibration_id', '=', calibrationId)
    .execute();
  const resultIds = new Map(ids.map((r) => [r.sample_barcode, Number(r.id)]));
  return {
    calibration,
    samples: fit.samples.map((s) => ({
      barcode: s.id,
      abc: s.abc!,
      extrapolated: s.extrapolated,
      resultId: resultIds.get(s.id)!,
    })),
  };
}

/**
 * A calibration run is the laboratory's, not a site's: it is seen by whoever sees one of the results it converted
 * (or every site). A run of another site's samples only is "not found", as if it did not exist.
 */
export async function calibration(ctx: CallContext, id: number): Promise<CalibrationView> {
  const scope = scopeFor(ctx, 'participant.read');
  const found = await calibrationById(ctx.database.kysely, id);
  const seen =
    scope.all ||
    (await studyDb(ctx.database.kysely, scope)
      .selectFrom('lab_results')
      .select('id')
      .where('calibration_id', '=', id)
      .limit(1)
      .executeTakeFirst()) !== undefined;
  if (found === undefined || !seen) throw notFound('hladr_calibration', id);
  return found;
}

/**
 * Two runs measuring one sample at once both find its current result (or none) and write the next version; the
 * unique current result lets one commit and rolls the other back. Tried again, the other becomes the version after
 * it: every run is stored, one after the other, as on SQLite, whose single writer never races.
 */
async function whileRacing<T>(work: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= attempts) throw error;
    }
  }
}

function refuseDuplicateSamples(samples: readonly { barcode: string }[]): void {
  const seen = new Set<string>();
  samples.forEach((sample, index) => {
    if (seen.has(sample.barcode)) {
      throw new InputError(`samples.${index}.barcode`, labMessages.sampleTwice({ barcode: sample.barcode }));
    }
    seen.add(sample.barcode);
  });
}

function abcAnalyte(assays: readonly CatalogueAssay[]): ResolvedAnalyte {
  const found = assays.flatMap((assay) =>
    assay.platform === 'flow_cytometry'
      ? assay.analytes.filter((a) => a.unit === abcUnit).map((analyte) => ({ assay, analyte }))
      : [],
  );
  if (found.length !== 1) {
    throw new Error(`the catalogue needs exactly one flow-cytometry analyte in ${abcUnit}; it has ${found.length}`);
  }
  return found[0]!;
}

/** The stained sample as a row: its fluorescence is what was entered, AB/C what is stored. */
function fluorescenceRow(index: number, sample: { barcode: string; mfi: number }, run: string): ResultRow {
  return {
    line: index + 1,
    sample: sample.barcode,
    analyte: abcUnit,
    value: sample.mfi,
    qualifier: null,
    unit: 'MFI',
    plate: run,
    lod: null,
    qc: null,
    assayQc: null,
    olinkId: null,
    panel: null,
    columns: { sample: 1, analyte: 1, value: 1, unit: null },
  };
}
