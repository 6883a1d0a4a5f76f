import { Stack, Table, Text } from '@mantine/core';
import { Fragment } from 'react';
import type { TubeView } from '../../api/biobank-types.ts';
import type { StudyProtocol } from '../../api/types.ts';
import { formatInZone } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { AliquotStatusBadge, DelayBadge, TubeStatusBadge } from './SampleBadges.tsx';

interface VisitSamplesTableProps {
  visitName: string;
  tubes: TubeView[];
  protocol: StudyProtocol;
  zone: string;
}

/** Short cells keep to one line: the tube's times are what wraps. */
const nowrap = { whiteSpace: 'nowrap' } as const;

/** A visit's tubes, each followed by the aliquots made from it: barcode, type, volume, position, status, delay. */
export function VisitSamplesTable({ visitName, tubes, protocol, zone }: VisitSamplesTableProps) {
  const t = useT();
  const s = t.samples;
  const plan = protocol.samplePlan;
  const tubeName = (code: string) => plan.tubes.find((tube) => tube.code === code)?.name ?? code;
  const typeName = (code: string) => plan.sampleTypes.find((type) => type.code === code)?.name ?? code;
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing={6} data-testid="visit-samples">
        <Table.Caption className="visually-hidden">{s.tableCaption(visitName)}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{s.barcode}</Table.Th>
            <Table.Th scope="col">{s.type}</Table.Th>
            <Table.Th scope="col">{s.volume}</Table.Th>
            <Table.Th scope="col">{s.position}</Table.Th>
            <Table.Th scope="col">{t.common.status}</Table.Th>
            <Table.Th scope="col">{s.delay}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tubes.map((tube) => (
            <Fragment key={tube.id}>
              <Table.Tr bg="var(--mantine-color-gray-0)" data-kind="tube">
                <Table.Td fw={600}>{tube.barcode}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {tubeName(tube.tubeType)}
                  </Text>
                  <TubeTimes tube={tube} zone={zone} />
                </Table.Td>
                <Table.Td />
                <Table.Td style={nowrap}>
                  <Text size="sm" c="dimmed">
                    {s.aliquotCount(tube.aliquots.length)}
                  </Text>
                </Table.Td>
                <Table.Td style={nowrap}>
                  <TubeStatusBadge status={tube.status} />
                </Table.Td>
                <Table.Td style={nowrap}>
                  <Stack gap={2} align="flex-start">
                    {tube.delayMinutes !== null && <Text size="sm">{s.minutes(tube.delayMinutes)}</Text>}
                    {tube.delayExceeded && <DelayBadge />}
                  </Stack>
                </Table.Td>
              </Table.Tr>
              {tube.aliquots.map((aliquot) => (
                <Table.Tr key={aliquot.id} data-kind="aliquot">
                  <Table.Td pl="lg">{aliquot.barcode}</Table.Td>
                  <Table.Td>{typeName(aliquot.sampleType)}</Table.Td>
                  <Table.Td style={nowrap}>{aliquot.volumeUl === null ? '' : s.microlitres(aliquot.volumeUl)}</Table.Td>
                  <Table.Td style={nowrap}>
                    {aliquot.position ?? '—'}
                    {aliquot.freezeThawCount > 0 && (
                      <Text size="xs" c="dimmed">
                        {s.thaws(aliquot.freezeThawCount)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={nowrap}>
                    <AliquotStatusBadge status={aliquot.status} />
                  </Table.Td>
                  <Table.Td style={nowrap}>{aliquot.delayExceeded && <DelayBadge />}</Table.Td>
                </Table.Tr>
              ))}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Drawn, received and processed times, and the centrifugation, in one line under the tube type. */
function TubeTimes({ tube, zone }: { tube: TubeView; zone: string }) {
  const t = useT();
  const s = t.samples;
  const { language } = useLanguage();
  const when = (iso: string | null) => (iso === null ? '—' : formatInZone(iso, zone, language));
  const spin = tube.centrifugation;
  const parts = [
    `${s.drawnAt}: ${when(tube.drawnAt)}`,
    `${s.receivedAt}: ${when(tube.receivedAt)}`,
    `${s.processedAt}: ${when(tube.processedAt)}`,
    spin === null ? s.notCentrifuged : s.centrifuged(spin.g, spin.minutes, spin.temperatureC),
  ];
  return (
    <Text size="xs" c="dimmed">
      {parts.join(' · ')}
    </Text>
  );
}
