import { InputError } from '../../core/errors.ts';
import { notFound } from '../../core/messages.ts';
import type { CallContext } from '../../kernel/context.ts';
import { scopeFor } from '../../kernel/scope.ts';
import { studyDb } from '../../kernel/study-db.ts';
import { localDate } from '../../protocol/visit-status.ts';
import { protocolVersion } from '../../protocol/study.ts';
import { sampleMessages } from './messages.ts';
import type { AliquotLabel } from './print/aliquot-label.ts';
import { labelSheetPdf } from './print/label-sheet-pdf.ts';
import { manifestCsv } from './print/manifest-csv.ts';
import { manifestPdf } from './print/manifest-pdf.ts';
import type { ManifestHeader } from './print/manifest.ts';
import { labelsZpl } from './print/zpl.ts';
import { selectAliquots } from './repo.ts';
import { openShipment, shipmentDetail } from './shipment-view.ts';

/** Files: the labels of a visit's aliquots and a shipment's manifest (src/features/samples/print/ draws them). */

export interface Download {
  contentType: string;
  fileName: string;
  body: string | Uint8Array;
}

/**
 * Labels of the participant's aliquots of one visit still in stock (not used up or destroyed): ZPL for a Zebra
 * printer or an A4 label sheet. The draw date is the day at the participant's site.
 */
export async function visitLabels(
  ctx: CallContext,
  participantId: number,
  visit: string,
  format: 'zpl' | 'pdf',
): Promise<Download> {
  const db = studyDb(ctx.database.kysely, scopeFor(ctx, 'sample.write'));
  const participant = await db
    .selectFrom('participants')
    .select(['id', 'site_id', 'protocol_version'])
    .where('id', '=', participantId)
    .executeTakeFirst();
  if (participant === undefined) throw notFound('participant', participantId);
  const protocol = protocolVersion(ctx.study, participant.protocol_version);
  if (!protocol.visits.visits.some((v) => v.code === visit)) {
    const visits = protocol.visits.visits.map((v) => v.code).join(', ');
    throw new InputError('visit', sampleMessages.unknownVisit({ visits }));
  }
  const site = await ctx.database.kysely
    .selectFrom('sites')
    .select('time_zone')
    .where('id', '=', Number(participant.site_id))
    .executeTakeFirstOrThrow();
  const rows = await selectAliquots(db)
    .where('aliquots.participant_id', '=', participantId)
    .where('aliquots.visit_code', '=', visit)
    .where('aliquots.status', 'not in', ['used', 'destroyed'])
    .orderBy('aliquots.id')
    .execute();
  if (rows.length === 0) throw new InputError('visit', sampleMessages.noAliquots({ visit }));
  const labels: AliquotLabel[] = rows.map((row) => ({
    barcode: row.barcode,
    studyId: row.study_id ?? '',
    visit: row.visit_code,
    sampleType: row.sample_type,
    volumeUl: row.volume_ul === null ? null : Number(row.volume_ul),
    drawnOn: row.drawn_at === null ? null : localDate(row.drawn_at, site.time_zone),
  }));
  const name = `labels-${rows[0]!.study_id ?? participantId}-${visit}`;
  return format === 'zpl'
    ? { contentType: 'text/plain; charset=utf-8', fileName: `${name}.zpl`, body: labelsZpl(labels) }
    : { contentType: 'application/pdf', fileName: `${name}.pdf`, body: await labelSheetPdf(labels) };
}

/** A shipment's manifest of aliquots and boxes, for a caller at either of its sites. */
export async function shipmentManifest(ctx: CallContext, shipmentId: number, format: 'csv' | 'pdf'): Promise<Download> {
  const handle = ctx.database.kysely;
  const { shipment, db } = await openShipment(handle, scopeFor(ctx, 'participant.read'), shipmentId);
  const detail = await shipmentDetail(handle, db, shipment);
  const preparedBy =
    shipment.created_by === null
      ? undefined
      : await handle
          .selectFrom('users')
          .select('username')
          .where('id', '=', Number(shipment.created_by))
          .executeTakeFirst();
  const header: ManifestHeader = {
    shipmentId,
    from: detail.fromSite,
    to: detail.toSite,
    preparedBy: preparedBy?.username ?? '',
    preparedAt: detail.createdAt,
    sentAt: detail.sentAt,
    courier: detail.courier,
    tracking: detail.tracking,
    temperature: detail.temperature,
  };
  const lines = detail.items.map((item) => ({
    barcode: item.barcode,
    studyId: item.studyId ?? '',
    visit: item.visit,
    sampleType: item.sampleType,
    volumeUl: item.volumeUl,
    box: item.box,
    position: item.position,
  }));
  const name = `shipment-${shipmentId}-manifest`;
  return format === 'csv'
    ? { contentType: 'text/csv; charset=utf-8', fileName: `${name}.csv`, body: manifestCsv(header, lines) }
    : { contentType: 'application/pdf', fileName: `${name}.pdf`, body: await manifestPdf(header, lines) };
}
