import type { z } from 'zod';
import { AppError, InputError } from '../../core/errors.ts';
import { accessMessages, notFound } from '../../core/messages.ts';
import { nextVersion } from '../../db/claim.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { audit, inTransaction, type CallContext } from '../../kernel/context.ts';
import { scopeFor, type SiteScope } from '../../kernel/scope.ts';
import { studyDb } from '../../kernel/study-db.ts';
import { claimAliquot, moveIntoBox, type Move } from './aliquot-claim.ts';
import { positionInBox } from './box-rules.ts';
import { sampleMessages } from './messages.ts';
import { positionLabel } from './positions.ts';
import { findBox, recordCustody, selectAliquots, siteNames } from './repo.ts';
import { fileError, placeable, planLoad, readScannerFile } from './scanner-file.ts';
import type { AliquotView, BoxMap, boxLoad, placement } from './schemas.ts';
import { boxMapView } from './storage.ts';
import { aliquotLocation, toAliquotView } from './views.ts';

/** A place someone wanted, to name in the conflict when the unique index refused it. */
interface Wanted {
  boxId: number;
  row: number;
  column: number;
}

/**
 * Places an aliquot in a box position, moves it, or takes it out (`boxId` null), at the version the caller read.
 * A position outside the box, an aliquot that cannot be placed (used, destroyed, in transit) and a taken position
 * are refused, the last as a conflict naming the position and the barcode in it. Two requests for one position at
 * once: the unique index over box positions lets one win, on both engines; the other hears the same conflict.
 */
export async function placeAliquot(
  ctx: CallContext,
  aliquotId: number,
  input: z.infer<typeof placement>,
): Promise<AliquotView> {
  const scope = scopeFor(ctx, 'sample.write');
  const wanted: Wanted[] = [];
  try {
    return await inTransaction(ctx, async (trx) => {
      const db = studyDb(trx, scope);
      const aliquot = await claimAliquot(db, aliquotId, input.version);
      if (!placeable.includes(aliquot.status)) {
        throw new AppError(
          'conflict',
          sampleMessages.notPlaceable({ barcode: aliquot.barcode, status: aliquot.status }),
        );
      }
      const siteId = Number(aliquot.site_id);
      const siteName = (await siteNames(trx, [siteId])).get(siteId);
      const from = aliquotLocation(aliquot, siteName);
      let action: string;
      if (input.boxId === null) {
        if (input.position != null) throw new InputError('position', sampleMessages.noPositionWithoutBox());
        if (aliquot.box_id === null)
          throw new AppError('conflict', sampleMessages.notInBox({ barcode: aliquot.barcode }));
        await db
          .updateTable('aliquots')
          .set({ box_id: null, box_row: null, box_column: null, status: 'unplaced' })
          .where('id', '=', aliquotId)
          .execute();
        await recordCustody(ctx, db, [
          {
            site_id: siteId,
            participant_id: aliquot.participant_id,
            tube_id: Number(aliquot.tube_id),
            aliquot_id: aliquotId,
            event: 'moved',
            at: ctx.clock.now().toISOString(),
            location: siteName ?? null,
            details: { from, to: 'out of its box' },
          },
        ]);
        action = 'aliquot.taken_out';
      } else {
        if (input.position == null) throw new InputError('position', sampleMessages.positionNeeded());
        const box = await findBox(db, input.boxId);
        if (box === undefined) throw notFound('box', input.boxId);
        if (Number(box.site_id) !== siteId)
          throw new AppError('conflict', sampleMessages.otherSiteBox(), { field: 'boxId' });
        const place = positionInBox(box, input.position);
        const label = positionLabel(place.row, place.column);
        if (
          Number(aliquot.box_id) === input.boxId &&
          aliquot.box_row === place.row &&
          aliquot.box_column === place.column
        ) {
          throw new AppError('conflict', sampleMessages.samePosition({ position: label }), { field: 'position' });
        }
        const occupant = await db
          .selectFrom('aliquots')
          .select('barcode')
          .where('box_id', '=', input.boxId)
          .where('box_row', '=', place.row)
          .where('box_column', '=', place.column)
          .executeTakeFirst();
        if (occupant !== undefined) {
          throw new AppError('conflict', sampleMessages.positionTaken({ position: label, barcode: occupant.barcode }), {
            field: 'position',
          });
        }
        wanted.push({ boxId: input.boxId, ...place });
        await moveIntoBox(ctx, db, box, [{ aliquot, ...place }], siteName);
        action = aliquot.box_id === null ? 'aliquot.placed' : 'aliquot.moved';
      }
      const after = await selectAliquots(db).where('aliquots.id', '=', aliquotId).executeTakeFirstOrThrow();
      await audit(ctx, trx, {
        siteId,
        action,
        entity: 'aliquot',
        entityId: aliquotId,
        before: { barcode: aliquot.barcode, location: from },
        after: { barcode: aliquot.barcode, location: aliquotLocation(after, siteName) },
      });
      return toAliquotView(after, ctx.study);
    });
  } catch (error) {
    if (isUniqueViolation(error) && wanted.length > 0) throw await takenConflict(ctx, scope, wanted);
    throw error;
  }
}

/**
 * Loads a box from a scanner's file of barcodes and positions: every row or none. Every problem of the file is
 * reported at once, each with its line and column (an unknown barcode, a position outside the box or given
 * twice, a barcode twice, a taken position, an aliquot that cannot be placed). The box is claimed, so two loads
 * of one box run one after the other; the aliquots are claimed before they are checked.
 */
export async function loadBox(ctx: CallContext, boxId: number, input: z.infer<typeof boxLoad>): Promise<BoxMap> {
  const scope = scopeFor(ctx, 'sample.write');
  const file = readScannerFile(input.content);
  const wanted: Wanted[] = [];
  try {
    return await inTransaction(ctx, async (trx) => {
      const db = studyDb(trx, scope);
      if (!(await db.claim('boxes', boxId))) throw notFound('box', boxId);
      const box = (await findBox(db, boxId))!;
      const siteId = Number(box.site_id);
      const barcodes = [...new Set(file.rows.map((row) => row.barcode))];
      const found = [];
      for (let start = 0; start < barcodes.length; start += 1000) {
        const chunk = barcodes.slice(start, start + 1000);
        const claimed = await db
          .updateTable('aliquots')
          .set(nextVersion)
          .where('site_id', '=', siteId)
          .where('barcode', 'in', chunk)
          .returning('id')
          .execute();
        const ids = claimed.map((row) => Number(row.id));
        if (ids.length > 0) found.push(...(await selectAliquots(db).where('aliquots.id', 'in', ids).execute()));
      }
      const occupants = await db
        .selectFrom('aliquots')
        .select(['id', 'barcode', 'box_row', 'box_column'])
        .where('box_id', '=', boxId)
        .execute();
      const byBarcode = new Map(found.map((row) => [row.barcode, row]));
      const plan = planLoad(file.rows, {
        box,
        aliquots: new Map(found.map((row) => [row.barcode, { id: Number(row.id), status: row.status }])),
        occupants: new Map(
          occupants.map((o) => [
            positionLabel(Number(o.box_row), Number(o.box_column)),
            { id: Number(o.id), barcode: o.barcode },
          ]),
        ),
      });
      const problems = [...file.problems, ...plan.problems].sort((a, b) => a.line - b.line || a.column - b.column);
      if (problems.length > 0) throw fileError(problems);
      const moves: Move[] = plan.places
        .map((place) => ({ aliquot: byBarcode.get(place.barcode)!, row: place.row, column: place.column }))
        .filter(
          (m) =>
            !(Number(m.aliquot.box_id) === boxId && m.aliquot.box_row === m.row && m.aliquot.box_column === m.column),
        );
      wanted.push(...moves.map((m) => ({ boxId, row: m.row, column: m.column })));
      const siteName = (await siteNames(trx, [siteId])).get(siteId);
      await moveIntoBox(ctx, db, box, moves, siteName);
      await audit(ctx, trx, {
        siteId,
        action: 'box.loaded',
        entity: 'box',
        entityId: boxId,
        after: {
          box: box.name,
          placed: moves.map((m) => ({ barcode: m.aliquot.barcode, position: positionLabel(m.row, m.column) })),
          unchanged: plan.places.length - moves.length,
        },
      });
      return boxMapView(trx, db, boxId);
    });
  } catch (error) {
    if (isUniqueViolation(error) && wanted.length > 0) throw await takenConflict(ctx, scope, wanted);
    throw error;
  }
}

/**
 * After the unique index refused a place (a concurrent transaction took it first and committed): the conflict
 * names the first wanted position now held, and the barcode there.
 */
async function takenConflict(ctx: CallContext, scope: SiteScope, wanted: readonly Wanted[]): Promise<AppError> {
  const db = studyDb(ctx.database.kysely, scope);
  for (const place of wanted) {
    const occupant = await db
      .selectFrom('aliquots')
      .select('barcode')
      .where('box_id', '=', place.boxId)
      .where('box_row', '=', place.row)
      .where('box_column', '=', place.column)
      .executeTakeFirst();
    if (occupant !== undefined) {
      const position = positionLabel(place.row, place.column);
      return new AppError('conflict', sampleMessages.positionTaken({ position, barcode: occupant.barcode }), {
        field: 'position',
      });
    }
  }
  return new AppError('conflict', accessMessages.raced());
}
