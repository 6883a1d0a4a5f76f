import { Badge, Button, Card, Collapse, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { AssayView } from '../../api/biobank-types.ts';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';

/** One assay: platform, sample type and its analytes with units and limits; its older versions on demand. */
interface AssayCardProps {
  assay: AssayView;
  /** The name of the sample type it needs, from the sample plan. */
  sampleType: string;
  older: AssayView[];
}

export function AssayCard({ assay, sampleType, older }: AssayCardProps) {
  const t = useT();
  const a = t.assays;
  const [showOlder, setShowOlder] = useState(false);
  const olderId = `older-${assay.code}`;
  return (
    <Card withBorder radius="md" component="section" aria-label={assay.name} data-testid={`assay-${assay.code}`}>
      <Group justify="space-between" mb="sm" align="flex-start">
        <Stack gap={2}>
          <Group gap="sm">
            <Title order={2} size="h4">
              {assay.name}
            </Title>
            <Badge variant="light" tt="none">
              {a.platforms[assay.platform]}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {a.summary(assay.code, assay.version, sampleType)}
          </Text>
        </Stack>
        {older.length > 0 && (
          <Button
            size="xs"
            variant="subtle"
            aria-expanded={showOlder}
            aria-controls={olderId}
            onClick={() => setShowOlder((open) => !open)}
          >
            {showOlder ? a.hideOlder : a.showOlder(older.length)}
          </Button>
        )}
      </Group>
      <AnalyteTable assay={assay} />
      <Collapse expanded={showOlder} id={olderId}>
        <Stack gap="md" mt="md">
          {older.map((version) => (
            <div key={version.id}>
              <Text fw={600} size="sm" mb={4}>
                {a.olderVersion(version.version, version.name)}
              </Text>
              <AnalyteTable assay={version} />
            </div>
          ))}
        </Stack>
      </Collapse>
    </Card>
  );
}

function AnalyteTable({ assay }: { assay: AssayView }) {
  const t = useT();
  const a = t.assays;
  const { language } = useLanguage();
  const limit = (value: number | null) => (value === null ? '—' : formatNumber(value, language, 4));
  return (
    <Table.ScrollContainer minWidth={620}>
      <Table verticalSpacing={4}>
        <Table.Caption className="visually-hidden">
          {a.caption(assay.name, assay.version, formatDate(assay.createdAt, language))}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{a.analyte}</Table.Th>
            <Table.Th scope="col">{a.code}</Table.Th>
            <Table.Th scope="col">{a.unit}</Table.Th>
            <Table.Th scope="col">{a.lod}</Table.Th>
            <Table.Th scope="col">{a.lloq}</Table.Th>
            <Table.Th scope="col">{a.uloq}</Table.Th>
            <Table.Th scope="col">{a.otherUnits}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {assay.analytes.map((analyte) => (
            <Table.Tr key={analyte.code}>
              <Table.Th scope="row" fw={500}>
                {analyte.name}
              </Table.Th>
              <Table.Td>{analyte.code}</Table.Td>
              <Table.Td>{analyte.unit}</Table.Td>
              <Table.Td>{limit(analyte.lod)}</Table.Td>
              <Table.Td>{limit(analyte.lloq)}</Table.Td>
              <Table.Td>{limit(analyte.uloq)}</Table.Td>
              <Table.Td>{analyte.conversions.map((c) => c.unit).join(', ')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
