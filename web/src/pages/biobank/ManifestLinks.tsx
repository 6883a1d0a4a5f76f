import { Anchor, Group } from '@mantine/core';
import { api } from '../../api/client.ts';
import { samplesEndpoints } from '../../api/endpoints.ts';
import { useT } from '../../i18n/language.tsx';

/** A shipment's manifest as CSV and PDF: links the browser fetches with the session cookie. */
export function ManifestLinks({ shipmentId }: { shipmentId: number }) {
  const s = useT().shipments;
  const href = (format: 'csv' | 'pdf') =>
    api.hrefOf(samplesEndpoints.manifest, { params: { shipmentId }, query: { format } });
  return (
    <Group gap="xs" wrap="nowrap">
      <Anchor href={href('csv')} size="sm" download aria-label={s.manifestCsvAria(shipmentId)}>
        {s.manifestCsv}
      </Anchor>
      <Anchor href={href('pdf')} size="sm" download aria-label={s.manifestPdfAria(shipmentId)}>
        {s.manifestPdf}
      </Anchor>
    </Group>
  );
}
