import { Alert, Card, Loader, Text } from '@mantine/core';
import { useFormStatus } from '../api/form-queries.ts';
import { useStudy } from '../api/queries.ts';
import { useErrorText } from '../components/errors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useT } from '../i18n/language.tsx';
import { useCurrentSite } from '../layout/current-site.tsx';
import { StatusMatrixTable } from './form-reports/StatusMatrixTable.tsx';

/** The site's record status dashboard: participants × forms per visit, each cell a link to the form. */
export function FormStatusPage() {
  const t = useT();
  const r = t.formReports;
  const errorText = useErrorText();
  const { site } = useCurrentSite();
  const study = useStudy();
  const matrix = useFormStatus(site?.id ?? null);
  if (site === null) return <PageHeader title={r.statusTitle} intro={r.noSite} />;

  return (
    <>
      <PageHeader title={r.statusTitle} intro={r.statusIntro} />
      <Card withBorder radius="md" p={0}>
        {(matrix.isPending || study.isPending) && <Loader m="lg" aria-label={t.common.loading} />}
        {matrix.isError && (
          <Alert color="red" m="lg" role="alert">
            {errorText(matrix.error)}
          </Alert>
        )}
        {matrix.data?.participants.length === 0 && (
          <Text c="dimmed" p="lg">
            {r.noParticipants}
          </Text>
        )}
        {matrix.data !== undefined && study.data !== undefined && matrix.data.participants.length > 0 && (
          <StatusMatrixTable matrix={matrix.data} protocol={study.data} />
        )}
      </Card>
    </>
  );
}
