import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useSignedIn } from '../api/session.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useT } from '../i18n/language.tsx';
import { accessOf, type Access } from './access.ts';

/** A page for some roles only; the API refuses the others anyway, this says so before asking it. */
export function RequireAccess({ allowed, children }: { allowed: keyof Access; children: ReactNode }) {
  const t = useT();
  const { user } = useSignedIn();
  if (accessOf(user.memberships)[allowed]) return children;
  return (
    <>
      <PageHeader title={t.common.forbiddenTitle} />
      <Alert color="yellow" variant="light">
        {t.common.forbiddenText}
      </Alert>
    </>
  );
}
