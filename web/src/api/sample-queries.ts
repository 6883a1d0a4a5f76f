import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AliquotStatus, TaskStatus } from './biobank-types.ts';
import { api } from './client.ts';
import { samplesEndpoints } from './endpoints.ts';

/** Query keys of the biobank; each starts with a name so that one prefix invalidates it. */
export const sampleKeys = {
  participantSamples: (participantId: number) => ['participant-samples', participantId] as const,
  storage: (siteId: number) => ['storage', siteId] as const,
  box: (boxId: number) => ['box-map', boxId] as const,
  aliquots: (siteId: number, status: AliquotStatus | null) => ['aliquots', siteId, status] as const,
  shipments: (siteId: number) => ['shipments', siteId] as const,
  shipment: (shipmentId: number) => ['shipment', shipmentId] as const,
  destructionTasks: (siteId: number, status: TaskStatus) => ['destruction-tasks', siteId, status] as const,
};

/** A participant's tubes and aliquots per visit. */
export function useParticipantSamples(participantId: number) {
  return useQuery({
    queryKey: sampleKeys.participantSamples(participantId),
    queryFn: () => api.call(samplesEndpoints.participantSamples, { params: { participantId } }),
  });
}

/** A site's freezers → racks → boxes, with used and free positions. */
export function useStorage(siteId: number | null) {
  return useQuery({
    queryKey: sampleKeys.storage(siteId ?? 0),
    queryFn: () => api.call(samplesEndpoints.storage, { params: { siteId: siteId ?? 0 } }),
    enabled: siteId !== null,
    select: (data) => data.freezers,
  });
}

/** A box with every position, taken or free. */
export function useBoxMap(boxId: number) {
  return useQuery({
    queryKey: sampleKeys.box(boxId),
    queryFn: () => api.call(samplesEndpoints.box, { params: { boxId } }),
    enabled: Number.isInteger(boxId) && boxId > 0,
  });
}

/** The site's aliquots of one status (to pick for a shipment). */
export function useSiteAliquots(siteId: number | null, status: AliquotStatus | null, enabled = true) {
  return useQuery({
    queryKey: sampleKeys.aliquots(siteId ?? 0, status),
    queryFn: () =>
      api.call(samplesEndpoints.findAliquots, {
        params: { siteId: siteId ?? 0 },
        query: status === null ? {} : { status },
      }),
    enabled: siteId !== null && enabled,
    select: (data) => data.aliquots,
  });
}

export function useShipments(siteId: number | null) {
  return useQuery({
    queryKey: sampleKeys.shipments(siteId ?? 0),
    queryFn: () => api.call(samplesEndpoints.shipments, { params: { siteId: siteId ?? 0 } }),
    enabled: siteId !== null,
    select: (data) => data.shipments,
  });
}

export function useShipment(shipmentId: number) {
  return useQuery({
    queryKey: sampleKeys.shipment(shipmentId),
    queryFn: () => api.call(samplesEndpoints.shipment, { params: { shipmentId } }),
    enabled: Number.isInteger(shipmentId) && shipmentId > 0,
  });
}

export function useDestructionTasks(siteId: number | null, status: TaskStatus) {
  return useQuery({
    queryKey: sampleKeys.destructionTasks(siteId ?? 0, status),
    queryFn: () => api.call(samplesEndpoints.destructionTasks, { params: { siteId: siteId ?? 0 }, query: { status } }),
    enabled: siteId !== null,
    select: (data) => data.tasks,
  });
}

/** After any change to samples or storage, everything that shows them may be stale. */
export function useInvalidateSamples(): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all(
      ['participant-samples', 'storage', 'box-map', 'aliquots', 'shipments', 'shipment', 'destruction-tasks'].map(
        (name) => queryClient.invalidateQueries({ queryKey: [name] }),
      ),
    );
  };
}
