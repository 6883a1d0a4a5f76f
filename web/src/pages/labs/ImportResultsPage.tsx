import { Alert, Loader, Table, Text } from '@mantine/core';
import { useLabImports } from '../../api/lab-queries.ts';
import { useErrorText } from '../../components/errors.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Section } from '../../components/Section.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { ImportWizard } from './import/ImportWizard.tsx';

/** Laboratory result files: the import wizard, and the files imported before. */
export function ImportResultsPage() {
  const t = useT();
  const w = t.labImport;
  return (
    <>
      <PageHeader title={w.title} intro={w.intro} />
      <ImportWizard />
      <div style={{ marginTop: 'var(--mantine-spacing-lg)' }}>
        <PastImports />
      </div>
    </>
  );
}

function PastImports() {
  const t = useT();
  const w = t.labImport;
  const { language } = useLanguage();
  const errorText = useErrorText();
  const imports = useLabImports();
  return (
    <Section title={w.pastHeading}>
      {imports.isPending && <Loader size="sm" aria-label={t.common.loading} />}
      {imports.isError && (
        <Alert color="red" role="alert">
          {errorText(imports.error)}
        </Alert>
      )}
      {imports.data?.length === 0 && <Text c="dimmed">{w.noPast}</Text>}
      {imports.data !== undefined && imports.data.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing={4} striped data-testid="past-imports">
            <Table.Caption className="visually-hidden">{w.pastCaption}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{w.importedAt}</Table.Th>
                <Table.Th scope="col">{w.fileName}</Table.Th>
                <Table.Th scope="col">{w.lab}</Table.Th>
                <Table.Th scope="col">{w.format}</Table.Th>
                <Table.Th scope="col">{w.rows}</Table.Th>
                <Table.Th scope="col">{w.imported}</Table.Th>
                <Table.Th scope="col">{w.rejected}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {imports.data.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td>{formatDateTime(row.importedAt, language)}</Table.Td>
                  <Table.Td>{row.fileName ?? '—'}</Table.Td>
                  <Table.Td>{row.lab ?? '—'}</Table.Td>
                  <Table.Td>{w.formats[row.format as keyof typeof w.formats] ?? row.format}</Table.Td>
                  <Table.Td>{row.rows}</Table.Td>
                  <Table.Td>{row.imported}</Table.Td>
                  <Table.Td c={row.rejected > 0 ? 'orange.8' : undefined}>{row.rejected}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
