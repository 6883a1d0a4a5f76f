import { Button, Card, Group, SegmentedControl, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import type { Receipt, ShipmentDetail } from '../../api/biobank-types.ts';
import { api } from '../../api/client.ts';
import { samplesEndpoints } from '../../api/endpoints.ts';
import { useInvalidateSamples } from '../../api/sample-queries.ts';
import { notifySuccess, useErrorHandler } from '../../components/errors.ts';
import { useT } from '../../i18n/language.tsx';

const receipts: Receipt[] = ['received', 'missing', 'damaged'];

interface ReceiptValues {
  items: { aliquotId: number; barcode: string; receipt: Receipt; note: string }[];
}

/** Receiving a shipment: every item received, missing or damaged (with a note), recorded at once. */
export function ReceiveShipmentForm({ shipment }: { shipment: ShipmentDetail }) {
  const t = useT();
  const s = t.shipments;
  const handleError = useErrorHandler();
  const invalidate = useInvalidateSamples();
  const form = useForm<ReceiptValues>({
    initialValues: {
      items: shipment.items.map((item) => ({
        aliquotId: item.aliquotId,
        barcode: item.barcode,
        receipt: 'received',
        note: '',
      })),
    },
  });
  const save = useMutation({
    mutationFn: (values: ReceiptValues) =>
      api.call(samplesEndpoints.receive, {
        params: { shipmentId: shipment.id },
        body: {
          version: shipment.version,
          items: values.items.map((item) => ({
            aliquotId: item.aliquotId,
            receipt: item.receipt,
            note: item.note.trim() === '' ? null : item.note.trim(),
          })),
        },
      }),
    onSuccess: async (received) => {
      notifySuccess(s.receivedMessage(received.id, received.discrepancies));
      await invalidate();
    },
    onError: (error) => handleError(error, form, ['items']),
  });

  return (
    <Card withBorder radius="md" component="form" onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Text fw={600} mb="xs">
        {s.receiveHeading}
      </Text>
      <Text size="sm" c="dimmed" mb="sm">
        {s.receiveIntro}
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs">
          <Table.Caption className="visually-hidden">{s.itemsCaption(shipment.id)}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t.samples.barcode}</Table.Th>
              <Table.Th scope="col">{s.studyId}</Table.Th>
              <Table.Th scope="col">{s.receipt}</Table.Th>
              <Table.Th scope="col">{s.note}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {form.values.items.map((item, index) => (
              <Table.Tr key={item.aliquotId}>
                <Table.Td fw={600}>{item.barcode}</Table.Td>
                <Table.Td>{shipment.items[index]?.studyId ?? '—'}</Table.Td>
                <Table.Td>
                  <SegmentedControl
                    size="xs"
                    aria-label={s.receiptAria(item.barcode)}
                    data={receipts.map((value) => ({ value, label: s.receipts[value] }))}
                    {...form.getInputProps(`items.${index}.receipt`)}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={s.noteAria(item.barcode)}
                    {...form.getInputProps(`items.${index}.note`)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="flex-end" mt="sm">
        <Button type="submit" loading={save.isPending}>
          {s.receive}
        </Button>
      </Group>
    </Card>
  );
}
