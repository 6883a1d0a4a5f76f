import { screeningEndpoints } from '../features/screening/contract.ts';
import type { InProcessApi } from './api.ts';
import type { SiteStaff } from './perform.ts';
import type { ScreenedOut } from './schedule.ts';
import { isoDate, isoInstant } from './time.ts';

/** A patient screened and not enrolled: the screening, then not approached or approached and declined (why). */
export async function screenOut(api: InProcessApi, site: SiteStaff, entry: ScreenedOut) {
  const created = await api.call(site.nurse, screeningEndpoints.create, {
    params: { siteId: site.siteId },
    body: {
      screenedOn: isoDate(entry.at),
      icuAdmissionAt: isoInstant(entry.admissionAt),
      setting: entry.setting,
      sex: entry.sex,
      hospitalNumber: entry.hospitalNumber,
      eligibility: entry.answers,
    },
  });
  const screeningId = created.screening.id;
  if (entry.kind === 'not_approached') {
    await api.call(site.nurse, screeningEndpoints.setOutcome, {
      params: { screeningId },
      body: { outcome: 'not_approached', reason: entry.reason },
    });
  } else if (entry.kind === 'declined') {
    await api.call(site.nurse, screeningEndpoints.setOutcome, {
      params: { screeningId },
      body: { outcome: 'approached' },
    });
    await api.call(site.nurse, screeningEndpoints.setOutcome, {
      params: { screeningId },
      body: { outcome: 'declined', reason: entry.reason },
    });
  }
}
