import { Alert } from '@mantine/core';
import { allows } from '../../../src/core/permissions.ts';
import { auditEndpoints, auditPageSize } from '../api/endpoints.ts';
import { api } from '../api/client.ts';
import { useSignedIn } from '../api/session.tsx';
import { AuditTable } from '../components/AuditTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useT } from '../i18n/language.tsx';
import { useCurrentSite } from '../layout/current-site.tsx';

/** The audit trail of the site chosen in the header. */
export function SiteAuditPage() {
  const t = useT();
  const { user } = useSignedIn();
  const { site } = useCurrentSite();

  if (site === null) {
    return (
      <>
        <PageHeader title={t.audit.trailTitle} />
        <Alert color="blue" variant="light">
          {t.audit.noSite}
        </Alert>
      </>
    );
  }
  const siteName = `${site.code} · ${site.name}`;
  return (
    <>
      <PageHeader title={`${t.audit.trailTitle} · ${site.code}`} intro={t.audit.trailIntro(siteName)} />
      {allows(user.memberships, 'audit.read', site.id) ? (
        <AuditTable
          key={site.id}
          queryKey={['site-audit', site.id]}
          fetchPage={(beforeSeq) =>
            api.call(auditEndpoints.siteTrail, {
              params: { siteId: site.id },
              query: { limit: auditPageSize, beforeSeq: beforeSeq },
            })
          }
        />
      ) : (
        <Alert color="yellow" variant="light">
          {t.audit.notAllowed}
        </Alert>
      )}
    </>
  );
}
