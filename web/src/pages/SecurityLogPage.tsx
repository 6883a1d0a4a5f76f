import { api } from '../api/client.ts';
import { auditEndpoints, auditPageSize } from '../api/endpoints.ts';
import { AuditTable } from '../components/AuditTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useT } from '../i18n/language.tsx';

export function SecurityLogPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t.audit.securityTitle} intro={t.audit.securityIntro} />
      <AuditTable
        queryKey={['security-log']}
        fetchPage={(beforeSeq) => api.call(auditEndpoints.securityLog, { query: { limit: auditPageSize, beforeSeq } })}
      />
    </>
  );
}
