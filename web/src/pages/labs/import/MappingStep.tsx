import { Alert, Button, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { ImportPreview, ResultFormat } from '../../../api/biobank-types.ts';
import { formatDateTime } from '../../../i18n/format.ts';
import { useLanguage, useT } from '../../../i18n/language.tsx';
import { rolesOf, type ColumnChoice, type MappedRole } from './import-file.ts';

interface MappingStepProps {
  preview: ImportPreview;
  format: ResultFormat;
  lab: string;
  columns: ColumnChoice;
  onColumns: (columns: ColumnChoice) => void;
  saveMapping: boolean;
  onSaveMapping: (save: boolean) => void;
  onBack: () => void;
  onCheck: () => void;
  checking: boolean;
}

/** Step 2: the file's headers and first rows, and which column holds what (the laboratory's saved mapping filled in). */
export function MappingStep(props: MappingStepProps) {
  const { preview, format, lab, columns, onColumns } = props;
  const t = useT();
  const w = t.labImport;
  const { language } = useLanguage();
  const separator = preview.separator === '\t' ? w.separators.tab : preview.separator;
  const choose = (role: MappedRole, header: string) => onColumns({ ...columns, [role]: header });

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {w.readAs(preview.encoding, separator, preview.headers.length)}
      </Text>
      {preview.saved !== null && (
        <Alert color="blue" variant="light">
          {w.savedMapping(preview.saved.lab, formatDateTime(preview.saved.updatedAt, language))}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing={4} withTableBorder striped data-testid="import-preview">
          <Table.Caption>{w.previewCaption}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              {preview.headers.map((header, index) => (
                <Table.Th key={index} scope="col">
                  {header}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.rows.slice(0, 5).map((row, r) => (
              <Table.Tr key={r}>
                {preview.headers.map((_header, c) => (
                  <Table.Td key={c}>{row[c] ?? ''}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <SimpleGrid cols={{ base: 1, sm: 3, md: 5 }}>
        {rolesOf(format).map((role) => (
          <NativeSelect
            key={role}
            label={w.roles[role]}
            value={columns[role]}
            onChange={(event) => choose(role, event.currentTarget.value)}
            data={[
              { value: '', label: w.automatic },
              ...preview.headers.map((header) => ({ value: header, label: header })),
            ]}
          />
        ))}
      </SimpleGrid>
      {format === 'wide' && (
        <Text size="sm" c="dimmed">
          {w.wideHint}
        </Text>
      )}
      <Checkbox
        label={lab === '' ? w.saveMappingNoLab : w.saveMapping(lab)}
        disabled={lab === ''}
        checked={props.saveMapping && lab !== ''}
        onChange={(event) => props.onSaveMapping(event.currentTarget.checked)}
      />
      <Group justify="space-between">
        <Button variant="default" onClick={props.onBack}>
          {w.back}
        </Button>
        <Button onClick={props.onCheck} loading={props.checking}>
          {w.check}
        </Button>
      </Group>
    </Stack>
  );
}
