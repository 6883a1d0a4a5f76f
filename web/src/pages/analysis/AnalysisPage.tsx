import { Alert, Anchor, Loader, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useStudy } from '../../api/queries.ts';
import { useErrorText } from '../../components/errors.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Section } from '../../components/Section.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useLanguage, useT } from '../../i18n/language.tsx';
import { useAnalysisRuns } from './queries.ts';
import { RunStatusBadge } from './RunStatusBadge.tsx';
import { StartRunForm } from './StartRunForm.tsx';

/** The length of a dataset hash shown in lists: enough to tell two datasets apart by eye. */
export const hashPrefixLength = 12;

/**
 * Immunotype discovery (issue 14): start a run on the pseudonymised data at the caller's sites, and the runs
 * so far with who started them, on which data and with which version.
 */
export function AnalysisPage() {
  const t = useT();
  const a = t.analysis;
  const errorText = useErrorText();
  const study = useStudy();
  return (
    <>
      <PageHeader title={a.title} intro={a.intro} />
      <Stack gap="lg">
        <Section title={a.startHeading}>
          {study.isError && (
            <Alert color="red" role="alert">
              {errorText(study.error)}
            </Alert>
          )}
          {study.isPending ? <Loader size="sm" aria-label={t.common.loading} /> : null}
          {study.data !== undefined && <StartRunForm protocol={study.data} />}
        </Section>
        <RunsSection />
      </Stack>
    </>
  );
}

function RunsSection() {
  const t = useT();
  const a = t.analysis;
  const { language } = useLanguage();
  const errorText = useErrorText();
  const runs = useAnalysisRuns();
  return (
    <Section title={a.runsHeading}>
      {runs.isPending && <Loader size="sm" aria-label={t.common.loading} />}
      {runs.isError && (
        <Alert color="red" role="alert">
          {errorText(runs.error)}
        </Alert>
      )}
      {runs.data?.length === 0 && <Text c="dimmed">{a.noRuns}</Text>}
      {runs.data !== undefined && runs.data.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" striped data-testid="analysis-runs" style={{ whiteSpace: 'nowrap' }}>
            <Table.Caption className="visually-hidden">{a.runsCaption}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{a.run}</Table.Th>
                <Table.Th scope="col">{a.by}</Table.Th>
                <Table.Th scope="col">{a.startedAt}</Table.Th>
                <Table.Th scope="col">{t.common.status}</Table.Th>
                <Table.Th scope="col">{a.dataset}</Table.Th>
                <Table.Th scope="col">{a.version}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.data.map((run) => (
                <Table.Tr key={run.runId}>
                  <Table.Th scope="row" fw={500}>
                    <Anchor component={Link} to={`/analysis/runs/${run.runId}`}>
                      {run.runId}
                    </Anchor>
                  </Table.Th>
                  <Table.Td>{run.createdBy}</Table.Td>
                  <Table.Td>{formatDateTime(run.createdAt, language)}</Table.Td>
                  <Table.Td>
                    <RunStatusBadge status={run.status} />
                  </Table.Td>
                  <Table.Td ff="monospace" title={run.datasetHash ?? undefined}>
                    {run.datasetHash === null ? '—' : run.datasetHash.slice(0, hashPrefixLength)}
                  </Table.Td>
                  <Table.Td>{run.version}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
