import { Modal, NativeSelect, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { FreezerKind, FreezerNode, RackKind, RackNode } from '../../api/biobank-types.ts';
import { api } from '../../api/client.ts';
import { samplesEndpoints } from '../../api/endpoints.ts';
import { useInvalidateSamples } from '../../api/sample-queries.ts';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { useT } from '../../i18n/language.tsx';

/** What is being added: a freezer to the site, a rack or shelf to a freezer, a box to a rack. */
export type StorageAddition =
  { kind: 'freezer'; siteId: number } | { kind: 'rack'; freezer: FreezerNode } | { kind: 'box'; rack: RackNode };

const freezerKinds: FreezerKind[] = ['minus80', 'minus20', 'ln2', 'fridge'];
const rackKinds: RackKind[] = ['rack', 'shelf'];
const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

export function StorageModal({ addition, onClose }: { addition: StorageAddition | null; onClose: () => void }) {
  const t = useT();
  const s = t.storage;
  const title =
    addition === null
      ? ''
      : addition.kind === 'freezer'
        ? s.newFreezer
        : addition.kind === 'rack'
          ? s.newRackIn(addition.freezer.name)
          : s.newBoxIn(addition.rack.name);
  return (
    <Modal opened={addition !== null} onClose={onClose} title={title}>
      {addition?.kind === 'freezer' && <FreezerForm siteId={addition.siteId} onDone={onClose} />}
      {addition?.kind === 'rack' && <RackForm freezer={addition.freezer} onDone={onClose} />}
      {addition?.kind === 'box' && <BoxForm rack={addition.rack} onDone={onClose} />}
    </Modal>
  );
}

/** The mutation every form here shares: on success, say so, refresh storage and close. */
function useAddition<T>(
  call: (values: T) => Promise<{ name: string }>,
  onDone: () => void,
  form: { setFieldError: (path: string, error: ReactNode) => void },
  fields: string[],
) {
  const t = useT();
  const handleError = useErrorHandler();
  const invalidate = useInvalidateSamples();
  return useMutation({
    mutationFn: call,
    onSuccess: async (created) => {
      notifySuccess(t.storage.added(created.name));
      await invalidate();
      onDone();
    },
    onError: (error) => handleError(error, form, fields),
  });
}

function FreezerForm({ siteId, onDone }: { siteId: number; onDone: () => void }) {
  const s = useT().storage;
  const form = useForm({ initialValues: { name: '', kind: 'minus80' as FreezerKind, location: '' } });
  const save = useAddition(
    (v: typeof form.values) =>
      api.call(samplesEndpoints.createFreezer, {
        params: { siteId },
        body: { name: v.name, kind: v.kind, location: orNull(v.location) },
      }),
    onDone,
    form,
    ['name', 'kind', 'location'],
  );
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack>
        <TextInput label={s.name} required data-autofocus {...form.getInputProps('name')} />
        <NativeSelect
          label={s.freezerKind}
          data={freezerKinds.map((kind) => ({ value: kind, label: s.freezerKinds[kind] }))}
          {...form.getInputProps('kind')}
        />
        <TextInput label={s.location} {...form.getInputProps('location')} />
        <FormActions onCancel={onDone} saving={save.isPending} />
      </Stack>
    </form>
  );
}

function RackForm({ freezer, onDone }: { freezer: FreezerNode; onDone: () => void }) {
  const s = useT().storage;
  const form = useForm({ initialValues: { name: '', kind: 'rack' as RackKind } });
  const save = useAddition(
    (v: typeof form.values) =>
      api.call(samplesEndpoints.createRack, {
        params: { freezerId: freezer.id },
        body: { name: v.name, kind: v.kind },
      }),
    onDone,
    form,
    ['name', 'kind'],
  );
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack>
        <TextInput label={s.name} required data-autofocus {...form.getInputProps('name')} />
        <NativeSelect
          label={s.rackKind}
          data={rackKinds.map((kind) => ({ value: kind, label: s.rackKinds[kind] }))}
          {...form.getInputProps('kind')}
        />
        <FormActions onCancel={onDone} saving={save.isPending} />
      </Stack>
    </form>
  );
}

function BoxForm({ rack, onDone }: { rack: RackNode; onDone: () => void }) {
  const s = useT().storage;
  const form = useForm({
    initialValues: { name: '', barcode: '', rows: 9 as number | string, columns: 9 as number | string },
  });
  const save = useAddition(
    (v: typeof form.values) =>
      api.call(samplesEndpoints.createBox, {
        params: { rackId: rack.id },
        body: { name: v.name, barcode: orNull(v.barcode), rows: Number(v.rows), columns: Number(v.columns) },
      }),
    onDone,
    form,
    ['name', 'barcode', 'rows', 'columns'],
  );
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack>
        <TextInput label={s.name} required data-autofocus {...form.getInputProps('name')} />
        <TextInput label={s.boxBarcode} description={s.boxBarcodeHint} {...form.getInputProps('barcode')} />
        <SimpleGrid cols={2}>
          <NumberInput label={s.rows} min={1} max={26} allowDecimal={false} required {...form.getInputProps('rows')} />
          <NumberInput
            label={s.columns}
            min={1}
            max={26}
            allowDecimal={false}
            required
            {...form.getInputProps('columns')}
          />
        </SimpleGrid>
        <FormActions onCancel={onDone} saving={save.isPending} />
      </Stack>
    </form>
  );
}
