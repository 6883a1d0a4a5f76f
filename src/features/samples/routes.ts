import type { FastifyReply } from 'fastify';
import type { Router } from '../../kernel/router.ts';
import { findAliquots, thawAliquot, useAliquot } from './aliquots.ts';
import { samplesEndpoints as endpoints } from './contract.ts';
import { completeDestructionTask, siteDestructionTasks } from './destruction-tasks.ts';
import { shipmentManifest, visitLabels, type Download } from './downloads.ts';
import { loadBox, placeAliquot } from './placement.ts';
import { participantSamples, processVisitSamples } from './processing.ts';
import { createShipment, getShipment, receiveShipment, sendShipment, siteShipments } from './shipments.ts';
import { boxMap, createBox, createFreezer, createRack, siteStorage } from './storage.ts';

/** A file answer: its type and name in the headers, the body as it is (text or bytes, not JSON). */
function sendFile(reply: FastifyReply, file: Download): string | Uint8Array {
  reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`);
  return file.body;
}

export function samplesRoutes(router: Router): void {
  router.on(endpoints.participantSamples, ({ ctx, params }) => participantSamples(ctx, params.participantId));
  router.on(endpoints.process, ({ ctx, params, body }) =>
    processVisitSamples(ctx, params.participantId, params.visit, body),
  );
  router.on(endpoints.labels, async ({ ctx, params, query, reply }) =>
    sendFile(reply, await visitLabels(ctx, params.participantId, params.visit, query.format)),
  );
  router.on(endpoints.createFreezer, ({ ctx, params, body }) => createFreezer(ctx, params.siteId, body));
  router.on(endpoints.createRack, ({ ctx, params, body }) => createRack(ctx, params.freezerId, body));
  router.on(endpoints.createBox, ({ ctx, params, body }) => createBox(ctx, params.rackId, body));
  router.on(endpoints.storage, ({ ctx, params }) => siteStorage(ctx, params.siteId));
  router.on(endpoints.box, ({ ctx, params }) => boxMap(ctx, params.boxId));
  router.on(endpoints.findAliquots, async ({ ctx, params, query }) => ({
    aliquots: await findAliquots(ctx, params.siteId, query),
  }));
  router.on(endpoints.place, ({ ctx, params, body }) => placeAliquot(ctx, params.aliquotId, body));
  router.on(endpoints.load, ({ ctx, params, body }) => loadBox(ctx, params.boxId, body));
  router.on(endpoints.thaw, ({ ctx, params, body }) => thawAliquot(ctx, params.aliquotId, body.version));
  router.on(endpoints.use, ({ ctx, params, body }) => useAliquot(ctx, params.aliquotId, body));
  router.on(endpoints.createShipment, ({ ctx, params, body }) => createShipment(ctx, params.siteId, body));
  router.on(endpoints.shipments, async ({ ctx, params }) => ({ shipments: await siteShipments(ctx, params.siteId) }));
  router.on(endpoints.shipment, ({ ctx, params }) => getShipment(ctx, params.shipmentId));
  router.on(endpoints.send, ({ ctx, params, body }) => sendShipment(ctx, params.shipmentId, body.version));
  router.on(endpoints.receive, ({ ctx, params, body }) => receiveShipment(ctx, params.shipmentId, body));
  router.on(endpoints.manifest, async ({ ctx, params, query, reply }) =>
    sendFile(reply, await shipmentManifest(ctx, params.shipmentId, query.format)),
  );
  router.on(endpoints.destructionTasks, async ({ ctx, params, query }) => ({
    tasks: await siteDestructionTasks(ctx, params.siteId, query.status),
  }));
  router.on(endpoints.destroyed, ({ ctx, params, body }) => completeDestructionTask(ctx, params.taskId, body.version));
}
