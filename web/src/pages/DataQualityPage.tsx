import { Alert, Card, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { useDataQuality } from '../api/form-queries.ts';
import { useStudy } from '../api/queries.ts';
import type { DataQuality } from '../api/types.ts';
import { useErrorText } from '../components/errors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { Section } from '../components/Section.tsx';
import { useT } from '../i18n/language.tsx';
import { useCurrentSite } from '../layout/current-site.tsx';
import { OutOfWindowTable, QualityRecordsTable } from './form-reports/QualityTables.tsx';

const totals: (keyof DataQuality['totals'])[] = [
  'records',
  'missingRequired',
  'hardFindings',
  'softFindings',
  'openQueries',
  'outOfWindow',
];

/** The site's data-quality report: what is missing or to check, form by form, and visits out of window. */
export function DataQualityPage() {
  const t = useT();
  const r = t.formReports;
  const errorText = useErrorText();
  const { site } = useCurrentSite();
  const study = useStudy();
  const report = useDataQuality(site?.id ?? null);
  if (site === null) return <PageHeader title={r.qualityTitle} intro={r.noSite} />;
  const data = report.data;

  return (
    <>
      <PageHeader title={r.qualityTitle} intro={r.qualityIntro} />
      {(report.isPending || study.isPending) && <Loader m="lg" aria-label={t.common.loading} />}
      {report.isError && (
        <Alert color="red" role="alert">
          {errorText(report.error)}
        </Alert>
      )}
      {data !== undefined && study.data !== undefined && (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} data-testid="quality-totals">
            {totals.map((total) => (
              <Card key={total} withBorder radius="md" aria-label={r.totals[total]} role="group">
                <Text size="xs" c="dimmed">
                  {r.totals[total]}
                </Text>
                <Text size="xl" fw={700}>
                  {data.totals[total]}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
          <Section title={r.recordsHeading}>
            <QualityRecordsTable records={data.records} protocol={study.data} />
          </Section>
          <Section title={r.outOfWindowHeading}>
            <OutOfWindowTable visits={data.outOfWindow} protocol={study.data} zone={site.timeZone} />
          </Section>
        </Stack>
      )}
    </>
  );
}
