import { Alert, Badge, Button, Card, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { Fragment, useState } from 'react';
import type { ResultView } from '../../api/biobank-types.ts';
import { useParticipantResults } from '../../api/lab-queries.ts';
import type { StudyProtocol } from '../../api/types.ts';
import { useErrorText } from '../../components/errors.ts';
import { Section } from '../../components/Section.tsx';
import { formatNumber } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { CalibrationDetails } from './CalibrationDetails.tsx';

/** The participant's current laboratory results, per visit and analyte; HLA-DR values open their calibration. */
export function ResultsSection({ participantId, protocol }: { participantId: number; protocol: StudyProtocol }) {
  const t = useT();
  const r = t.results;
  const errorText = useErrorText();
  const results = useParticipantResults(participantId);
  const order = protocol.visits.visits.map((v) => v.code);
  const visits = [...new Set((results.data ?? []).map((result) => result.visit))].sort(
    (a, b) => rank(order, a) - rank(order, b),
  );
  const visitName = (code: string) => protocol.visits.visits.find((v) => v.code === code)?.name ?? code;

  return (
    <Section title={r.heading}>
      {results.isPending && <Loader size="sm" aria-label={t.common.loading} />}
      {results.isError && (
        <Alert color="red" role="alert">
          {errorText(results.error)}
        </Alert>
      )}
      {results.data?.length === 0 && <Text c="dimmed">{r.none}</Text>}
      <Stack gap="md">
        {visits.map((visit) => (
          <Card key={visit} withBorder radius="sm" p="sm" data-testid={`results-${visit}`}>
            <Title order={3} size="h5" mb="xs">
              {visitName(visit)}
            </Title>
            <VisitResultsTable
              visitName={visitName(visit)}
              results={(results.data ?? []).filter((result) => result.visit === visit)}
            />
          </Card>
        ))}
      </Stack>
    </Section>
  );
}

function rank(order: readonly string[], visit: string): number {
  const index = order.indexOf(visit);
  return index === -1 ? order.length : index;
}

function VisitResultsTable({ visitName, results }: { visitName: string; results: ResultView[] }) {
  const t = useT();
  const r = t.results;
  const { language } = useLanguage();
  const [opened, setOpened] = useState<number | null>(null);
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing={6}>
        <Table.Caption className="visually-hidden">{r.caption(visitName)}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{r.analyte}</Table.Th>
            <Table.Th scope="col">{r.value}</Table.Th>
            <Table.Th scope="col">{r.unit}</Table.Th>
            <Table.Th scope="col">{r.qualifier}</Table.Th>
            <Table.Th scope="col">{r.sample}</Table.Th>
            <Table.Th scope="col">{r.assay}</Table.Th>
            <Table.Th scope="col">
              <span className="visually-hidden">{r.calibration}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {results.map((result) => (
            <Fragment key={result.id}>
              <Table.Tr>
                <Table.Th scope="row" fw={500}>
                  {result.analyteName}
                </Table.Th>
                <Table.Td>{result.value === null ? '—' : formatNumber(result.value, language)}</Table.Td>
                <Table.Td>{result.unit}</Table.Td>
                <Table.Td>
                  {result.qualifier !== null && (
                    <Badge variant="light" color="orange" tt="none" title={r.qualifiers[result.qualifier]}>
                      {result.qualifier}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{result.sampleBarcode}</Table.Td>
                <Table.Td>
                  <Text size="sm">{r.assayVersion(result.assay.code, result.assay.version)}</Text>
                  {result.resultVersion > 1 && (
                    <Text size="xs" c="dimmed">
                      {r.corrected(result.resultVersion, result.reason ?? '')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {result.calibration !== null && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      aria-expanded={opened === result.id}
                      aria-label={r.calibrationAria(result.analyteName)}
                      onClick={() => setOpened(opened === result.id ? null : result.id)}
                    >
                      {opened === result.id ? r.hideCalibration : r.showCalibration}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
              {opened === result.id && result.calibration !== null && (
                <Table.Tr>
                  <Table.Td colSpan={7}>
                    <CalibrationDetails calibration={result.calibration} />
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
