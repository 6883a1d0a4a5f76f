import { Alert, Anchor, Button, Card, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ShipmentDetail } from '../../api/biobank-types.ts';
import { api } from '../../api/client.ts';
import { samplesEndpoints } from '../../api/endpoints.ts';
import { useStudy } from '../../api/queries.ts';
import { useInvalidateSamples, useShipment } from '../../api/sample-queries.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { notifySuccess, useErrorHandler, useErrorText } from '../../components/errors.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatInZone } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { useCurrentSite } from '../../layout/current-site.tsx';
import { useAccess } from '../../layout/use-access.ts';
import { ManifestLinks } from './ManifestLinks.tsx';
import { ReceiveShipmentForm } from './ReceiveShipmentForm.tsx';
import { AliquotStatusBadge, ReceiptBadge, ShipmentStatusBadge } from './SampleBadges.tsx';

/** One shipment: its items and their receipt; sent by the sending site, received by the other. */
export function ShipmentPage() {
  const t = useT();
  const errorText = useErrorText();
  const shipmentId = Number(useParams().shipmentId);
  const shipment = useShipment(shipmentId);
  if (shipment.isError) {
    return (
      <>
        <PageHeader title={t.shipments.number(shipmentId)} />
        <Alert color="red" role="alert">
          {errorText(shipment.error)}
        </Alert>
      </>
    );
  }
  if (shipment.data === undefined) return <Loader m="lg" aria-label={t.common.loading} />;
  return <ShipmentView shipment={shipment.data} />;
}

function ShipmentView({ shipment }: { shipment: ShipmentDetail }) {
  const t = useT();
  const s = t.shipments;
  const { language } = useLanguage();
  const { site } = useCurrentSite();
  const access = useAccess();
  const handleError = useErrorHandler();
  const invalidate = useInvalidateSamples();
  const [confirming, setConfirming] = useState(false);
  const zone = site?.timeZone ?? 'UTC';
  const when = (iso: string | null) => (iso === null ? '—' : formatInZone(iso, zone, language));
  const canSend = access.handleSamples && shipment.status === 'prepared' && site?.id === shipment.fromSiteId;
  const canReceive = access.handleSamples && shipment.status === 'sent' && site?.id === shipment.toSiteId;
  const send = useMutation({
    mutationFn: () =>
      api.call(samplesEndpoints.send, { params: { shipmentId: shipment.id }, body: { version: shipment.version } }),
    onSuccess: async () => {
      notifySuccess(s.sentMessage(shipment.id));
      setConfirming(false);
      await invalidate();
    },
    onError: (error) => handleError(error),
  });
  const facts: [string, string][] = [
    [s.courier, shipment.courier ?? '—'],
    [s.tracking, shipment.tracking ?? '—'],
    [s.temperature, shipment.temperature ?? '—'],
    [s.created, when(shipment.createdAt)],
    [s.sent, when(shipment.sentAt)],
    [s.received, when(shipment.receivedAt)],
  ];

  return (
    <>
      <PageHeader
        title={s.number(shipment.id)}
        intro={s.route(shipment.fromSite, shipment.toSite)}
        actions={canSend && <Button onClick={() => setConfirming(true)}>{s.send}</Button>}
      />
      <Stack gap="lg">
        <Group gap="lg">
          <ShipmentStatusBadge status={shipment.status} />
          <ManifestLinks shipmentId={shipment.id} />
          <Anchor component={Link} to="/shipments" size="sm">
            {s.back}
          </Anchor>
        </Group>
        <Card withBorder radius="md">
          <Group gap="xl" component="dl" m={0}>
            {facts.map(([label, value]) => (
              <div key={label}>
                <Text component="dt" size="xs" c="dimmed">
                  {label}
                </Text>
                <Text component="dd" size="sm" m={0}>
                  {value}
                </Text>
              </div>
            ))}
          </Group>
        </Card>
        {canReceive ? <ReceiveShipmentForm shipment={shipment} /> : <ItemsTable shipment={shipment} />}
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={s.send}
        message={s.confirmSend(shipment.itemCount, shipment.toSite)}
        confirmLabel={s.send}
        loading={send.isPending}
        onConfirm={() => send.mutate()}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}

function ItemsTable({ shipment }: { shipment: ShipmentDetail }) {
  const t = useT();
  const s = t.shipments;
  const study = useStudy();
  const typeName = (code: string) =>
    study.data?.samplePlan.sampleTypes.find((type) => type.code === code)?.name ?? code;
  return (
    <Card withBorder radius="md" p={0}>
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="xs" striped>
          <Table.Caption className="visually-hidden">{s.itemsCaption(shipment.id)}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t.samples.barcode}</Table.Th>
              <Table.Th scope="col">{s.studyId}</Table.Th>
              <Table.Th scope="col">{s.visit}</Table.Th>
              <Table.Th scope="col">{t.samples.type}</Table.Th>
              <Table.Th scope="col">{t.samples.volume}</Table.Th>
              <Table.Th scope="col">{t.samples.position}</Table.Th>
              <Table.Th scope="col">{t.common.status}</Table.Th>
              <Table.Th scope="col">{s.receipt}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shipment.items.map((item) => (
              <Table.Tr key={item.aliquotId}>
                <Table.Td fw={600}>{item.barcode}</Table.Td>
                <Table.Td>{item.studyId ?? '—'}</Table.Td>
                <Table.Td>{item.visit}</Table.Td>
                <Table.Td>{typeName(item.sampleType)}</Table.Td>
                <Table.Td>{item.volumeUl === null ? '' : t.samples.microlitres(item.volumeUl)}</Table.Td>
                <Table.Td>{[item.box, item.position].filter((part) => part !== null).join(' · ') || '—'}</Table.Td>
                <Table.Td>
                  <AliquotStatusBadge status={item.status} />
                </Table.Td>
                <Table.Td>
                  {item.receipt !== null && <ReceiptBadge receipt={item.receipt} />}
                  {item.note !== null && (
                    <Text size="xs" c="dimmed">
                      {item.note}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
