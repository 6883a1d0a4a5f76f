import { Alert, Modal, MultiSelect, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { ShipmentView } from '../../api/biobank-types.ts';
import { api } from '../../api/client.ts';
import { samplesEndpoints } from '../../api/endpoints.ts';
import { useInvalidateSamples, useSiteAliquots, useStorage } from '../../api/sample-queries.ts';
import type { SiteView } from '../../api/types.ts';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { useT } from '../../i18n/language.tsx';
import { useCurrentSite } from '../../layout/current-site.tsx';

interface NewShipmentModalProps {
  opened: boolean;
  site: SiteView;
  /** The site's shipments: the sites they went to or came from are destinations too. */
  shipments: ShipmentView[];
  onClose: () => void;
}

export function NewShipmentModal({ opened, onClose, ...rest }: NewShipmentModalProps) {
  const t = useT();
  return (
    <Modal opened={opened} onClose={onClose} title={t.shipments.newShipment} size="lg">
      {opened && <NewShipmentForm onDone={onClose} {...rest} />}
    </Modal>
  );
}

const fields = ['toSiteId', 'aliquotIds', 'boxIds', 'courier', 'tracking', 'temperature'];
const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

function NewShipmentForm({
  site,
  shipments,
  onDone,
}: Omit<NewShipmentModalProps, 'opened' | 'onClose'> & { onDone: () => void }) {
  const t = useT();
  const s = t.shipments;
  const navigate = useNavigate();
  const handleError = useErrorHandler();
  const invalidate = useInvalidateSamples();
  const { sites } = useCurrentSite();
  const aliquots = useSiteAliquots(site.id, null);
  const storage = useStorage(site.id);

  // GET /api/sites lists the caller's own sites only: sites earlier shipments went to or came from are added.
  const destinations = new Map<number, string>();
  for (const other of sites) if (other.id !== site.id) destinations.set(other.id, `${other.code} · ${other.name}`);
  for (const shipment of shipments) {
    if (shipment.toSiteId !== site.id) destinations.set(shipment.toSiteId, shipment.toSite);
    if (shipment.fromSiteId !== site.id) destinations.set(shipment.fromSiteId, shipment.fromSite);
  }
  const inStock = (aliquots.data ?? []).filter((a) => a.status === 'stored' || a.status === 'unplaced');
  const boxes = (storage.data ?? []).flatMap((f) => f.racks.flatMap((r) => r.boxes)).filter((b) => b.used > 0);

  const form = useForm({
    initialValues: {
      toSiteId: String([...destinations.keys()][0] ?? ''),
      aliquotIds: [] as string[],
      boxIds: [] as string[],
      courier: '',
      tracking: '',
      temperature: '',
    },
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.call(samplesEndpoints.createShipment, {
        params: { siteId: site.id },
        body: {
          toSiteId: Number(values.toSiteId),
          aliquotIds: values.aliquotIds.map(Number),
          boxIds: values.boxIds.map(Number),
          courier: orNull(values.courier),
          tracking: orNull(values.tracking),
          temperature: orNull(values.temperature),
        },
      }),
    onSuccess: async (shipment) => {
      notifySuccess(s.createdMessage(shipment.id));
      await invalidate();
      onDone();
      await navigate(`/shipments/${shipment.id}`);
    },
    onError: (error) => handleError(error, form, fields),
  });

  if (destinations.size === 0) {
    return (
      <Alert color="yellow" variant="light">
        {s.noDestinations}
      </Alert>
    );
  }
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack>
        <NativeSelect
          label={s.to}
          required
          data={[...destinations].map(([id, name]) => ({ value: String(id), label: name }))}
          {...form.getInputProps('toSiteId')}
        />
        <MultiSelect
          label={s.aliquots}
          description={s.aliquotsHint}
          searchable
          clearable
          nothingFoundMessage={s.nothingFound}
          data={inStock.map((a) => ({
            value: String(a.id),
            label: [a.barcode, a.studyId, a.sampleType, a.position].filter((part) => part !== null).join(' · '),
          }))}
          {...form.getInputProps('aliquotIds')}
        />
        <MultiSelect
          label={s.boxes}
          description={s.boxesHint}
          searchable
          clearable
          nothingFoundMessage={s.nothingFound}
          data={boxes.map((b) => ({ value: String(b.id), label: `${b.name} · ${b.barcode} · ${s.boxCount(b.used)}` }))}
          {...form.getInputProps('boxIds')}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={s.courier} {...form.getInputProps('courier')} />
          <TextInput label={s.tracking} {...form.getInputProps('tracking')} />
          <TextInput label={s.temperature} description={s.temperatureHint} {...form.getInputProps('temperature')} />
        </SimpleGrid>
        <FormActions onCancel={onDone} saving={save.isPending} submit={s.create} />
      </Stack>
    </form>
  );
}
