import { Alert, Anchor, Button, Card, Loader, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useShipments } from '../../api/sample-queries.ts';
import { useErrorText } from '../../components/errors.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatInZone } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { useCurrentSite } from '../../layout/current-site.tsx';
import { useAccess } from '../../layout/use-access.ts';
import { ManifestLinks } from './ManifestLinks.tsx';
import { NewShipmentModal } from './NewShipmentModal.tsx';
import { ShipmentStatusBadge } from './SampleBadges.tsx';

/** Shipments from and to the site, newest first; a new one is made from aliquots or whole boxes. */
export function ShipmentsPage() {
  const t = useT();
  const s = t.shipments;
  const { language } = useLanguage();
  const errorText = useErrorText();
  const { site } = useCurrentSite();
  const access = useAccess();
  const shipments = useShipments(site?.id ?? null);
  const [creating, setCreating] = useState(false);
  if (site === null) return <PageHeader title={s.title} intro={s.noSite} />;
  const when = (iso: string | null) => (iso === null ? '—' : formatInZone(iso, site.timeZone, language));

  return (
    <>
      <PageHeader
        title={s.title}
        intro={s.intro}
        actions={access.handleSamples && <Button onClick={() => setCreating(true)}>{s.newShipment}</Button>}
      />
      <Card withBorder radius="md" p={0}>
        {shipments.isPending && <Loader m="lg" aria-label={t.common.loading} />}
        {shipments.isError && (
          <Alert color="red" m="lg" role="alert">
            {errorText(shipments.error)}
          </Alert>
        )}
        {shipments.data?.length === 0 && (
          <Text c="dimmed" p="lg">
            {s.empty}
          </Text>
        )}
        {shipments.data !== undefined && shipments.data.length > 0 && (
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" striped style={{ whiteSpace: 'nowrap' }}>
              <Table.Caption className="visually-hidden">{s.caption}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{s.shipment}</Table.Th>
                  <Table.Th scope="col">{s.from}</Table.Th>
                  <Table.Th scope="col">{s.to}</Table.Th>
                  <Table.Th scope="col">{t.common.status}</Table.Th>
                  <Table.Th scope="col">{s.items}</Table.Th>
                  <Table.Th scope="col">{s.discrepancies}</Table.Th>
                  <Table.Th scope="col">{s.created}</Table.Th>
                  <Table.Th scope="col">{s.sent}</Table.Th>
                  <Table.Th scope="col">{s.received}</Table.Th>
                  <Table.Th scope="col">{s.manifest}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shipments.data.map((shipment) => (
                  <Table.Tr key={shipment.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/shipments/${shipment.id}`}>
                        {s.number(shipment.id)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{shipment.fromSite}</Table.Td>
                    <Table.Td>{shipment.toSite}</Table.Td>
                    <Table.Td>
                      <ShipmentStatusBadge status={shipment.status} />
                    </Table.Td>
                    <Table.Td>{shipment.itemCount}</Table.Td>
                    <Table.Td c={shipment.discrepancies > 0 ? 'red' : undefined}>{shipment.discrepancies}</Table.Td>
                    <Table.Td>{when(shipment.createdAt)}</Table.Td>
                    <Table.Td>{when(shipment.sentAt)}</Table.Td>
                    <Table.Td>{when(shipment.receivedAt)}</Table.Td>
                    <Table.Td>
                      <ManifestLinks shipmentId={shipment.id} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <NewShipmentModal
        opened={creating}
        site={site}
        shipments={shipments.data ?? []}
        onClose={() => setCreating(false)}
      />
    </>
  );
}
