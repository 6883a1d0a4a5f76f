import { Alert, Loader, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { destructionEndpoints } from '../api/endpoints.ts';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { Section } from '../components/Section.tsx';
import { useT } from '../i18n/language.tsx';
import { useCurrentSite } from '../layout/current-site.tsx';
import { useAccess } from '../layout/use-access.ts';
import { DestructionTable } from './destructions/DestructionTable.tsx';
import { useErrorText } from '../components/errors.ts';

export function DestructionsPage() {
  const errorText = useErrorText();
  const t = useT();
  const d = t.destructions;
  const { site } = useCurrentSite();
  const access = useAccess();
  const siteId = site?.id ?? 0;
  const destructions = useQuery({
    queryKey: keys.destructions(siteId),
    queryFn: () => api.call(destructionEndpoints.list, { params: { siteId } }),
    enabled: site !== null,
    select: (data) => data.destructions,
  });
  if (site === null) return <PageHeader title={d.title} intro={d.noSite} />;
  const pending = destructions.data?.filter((x) => x.status === 'pending') ?? [];
  const decided = (destructions.data?.filter((x) => x.status !== 'pending') ?? []).sort((a, b) =>
    (b.decidedAt ?? '').localeCompare(a.decidedAt ?? ''),
  );

  return (
    <>
      <PageHeader title={d.title} intro={d.intro} />
      {destructions.isPending && <Loader m="lg" aria-label={t.common.loading} />}
      {destructions.isError && (
        <Alert color="red" role="alert">
          {errorText(destructions.error)}
        </Alert>
      )}
      {destructions.data !== undefined && (
        <Stack gap="lg">
          <Section title={d.pendingHeading}>
            <DestructionTable
              destructions={pending}
              zone={site.timeZone}
              canApprove={access.approveDestruction}
              caption={d.pendingCaption}
              empty={d.noPending}
            />
          </Section>
          <Section title={d.doneHeading}>
            <DestructionTable
              destructions={decided}
              zone={site.timeZone}
              canApprove={false}
              caption={d.doneCaption}
              empty={d.noDone}
            />
          </Section>
        </Stack>
      )}
    </>
  );
}
