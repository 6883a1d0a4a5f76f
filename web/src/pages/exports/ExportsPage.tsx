import { Alert, Anchor, Button, Group, Loader, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { redcapFileNames, scriptLanguages } from '../../../../src/features/exports/contract.ts';
import { api } from '../../api/client.ts';
import { exportsEndpoints } from '../../api/endpoints.ts';
import { useErrorText } from '../../components/errors.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Section } from '../../components/Section.tsx';
import { useT } from '../../i18n/language.tsx';
import { useCurrentSite } from '../../layout/current-site.tsx';

type Format = 'csv' | 'parquet';

/**
 * Exports (issue 15 §2–3) for data managers and statisticians: each table as CSV or Parquet, the codebook, the
 * R, Stata and SPSS loading scripts, and the study's forms as a REDCap project. The browser downloads the files
 * with the session cookie; the server limits them to the caller's sites (or the one chosen here).
 */
export function ExportsPage() {
  const t = useT();
  const x = t.exports;
  const errorText = useErrorText();
  const { sites } = useCurrentSite();
  const [siteId, setSiteId] = useState<string>('all');
  const [format, setFormat] = useState<Format>('csv');
  const tables = useQuery({ queryKey: ['export-tables'], queryFn: () => api.call(exportsEndpoints.tables) });
  const site = siteId === 'all' ? undefined : Number(siteId);

  return (
    <>
      <PageHeader title={x.title} intro={x.intro} />
      <Stack gap="lg">
        <Group gap="lg" align="flex-end">
          {sites.length > 1 && (
            <Select
              label={x.scopeLabel}
              value={siteId}
              onChange={(value) => setSiteId(value ?? 'all')}
              allowDeselect={false}
              data={[
                { value: 'all', label: x.allSites },
                ...sites.map((s) => ({ value: String(s.id), label: `${s.code} — ${s.name}` })),
              ]}
            />
          )}
          <Stack gap={4}>
            <Text size="sm" fw={500} id="export-format">
              {x.formatLabel}
            </Text>
            <SegmentedControl
              aria-labelledby="export-format"
              value={format}
              onChange={(value) => setFormat(value === 'parquet' ? 'parquet' : 'csv')}
              data={[
                { value: 'csv', label: x.csv },
                { value: 'parquet', label: x.parquet },
              ]}
            />
          </Stack>
        </Group>

        <Section title={x.tablesHeading}>
          {tables.isPending && <Loader size="sm" aria-label={t.common.loading} />}
          {tables.isError && (
            <Alert color="red" role="alert">
              {errorText(tables.error)}
            </Alert>
          )}
          {tables.data !== undefined && (
            <Table.ScrollContainer minWidth={640}>
              <Table striped>
                <Table.Caption>{x.tablesCaption}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{x.table}</Table.Th>
                    <Table.Th>{x.contents}</Table.Th>
                    <Table.Th>{x.kind}</Table.Th>
                    <Table.Th>{x.columns}</Table.Th>
                    <Table.Th>{x.download}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {tables.data.tables.map((table) => (
                    <Table.Tr key={table.name}>
                      <Table.Td>
                        <code>{table.name}</code>
                      </Table.Td>
                      <Table.Td>{table.label}</Table.Td>
                      <Table.Td>{x.kinds[table.kind]}</Table.Td>
                      <Table.Td>{table.columns}</Table.Td>
                      <Table.Td>
                        <Anchor
                          href={api.hrefOf(exportsEndpoints.table, {
                            query: { table: table.name, format, siteId: site },
                          })}
                          download
                        >
                          {`${table.name}.${format}`}
                        </Anchor>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Section>

        <Section title={x.codebookHeading}>
          <Text size="sm" mb="sm">
            {x.codebookIntro}
          </Text>
          <Group gap="lg">
            <Button
              component="a"
              href={api.hrefOf(exportsEndpoints.codebook, { query: { format: 'html', siteId: site } })}
              target="_blank"
              rel="noopener"
            >
              {x.codebookHtml}
            </Button>
            <Anchor href={api.hrefOf(exportsEndpoints.codebook, { query: { format: 'csv', siteId: site } })} download>
              {x.codebookCsv}
            </Anchor>
          </Group>
        </Section>

        <Section title={x.scriptsHeading}>
          <Text size="sm" mb="sm">
            {x.scriptsIntro}
          </Text>
          <Group gap="lg">
            {scriptLanguages.map((language) => (
              <Anchor
                key={language}
                href={api.hrefOf(exportsEndpoints.script, { query: { language, format, siteId: site } })}
                download
              >
                {x.scripts[language]}
              </Anchor>
            ))}
          </Group>
        </Section>

        <Section title={x.redcapHeading}>
          <Text size="sm" mb="sm">
            {x.redcapIntro}
          </Text>
          <Group gap="lg">
            {redcapFileNames.map((file) => (
              <Anchor key={file} href={api.hrefOf(exportsEndpoints.redcap, { query: { file } })} download>
                {x.redcapFiles[file]}
              </Anchor>
            ))}
          </Group>
        </Section>
      </Stack>
    </>
  );
}
