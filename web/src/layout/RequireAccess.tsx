import { Alert, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { PageHeader } from '../components/PageHeader.tsx';
import { useT } from '../i18n/language.tsx';
import type { Access } from './access.ts';
import { useCurrentSite } from './current-site.tsx';
import { useAccess } from './use-access.ts';

/** A page for some roles only; the API refuses the others anyway, this says so before asking it. */
export function RequireAccess({ allowed, children }: { allowed: keyof Access; children: ReactNode }) {
  const t = useT();
  const access = useAccess();
  const { loading } = useCurrentSite();
  if (access[allowed]) return children;
  // Site roles are judged at the current site, known once the site list has arrived.
  if (loading) return <Loader m="lg" aria-label={t.common.loading} />;
  return (
    <>
      <PageHeader title={t.common.forbiddenTitle} />
      <Alert color="yellow" variant="light">
        {t.common.forbiddenText}
      </Alert>
    </>
  );
}
