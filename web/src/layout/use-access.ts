import { useSignedIn } from '../api/session.tsx';
import { accessOf, formAccessOf, sampleAccessOf, type Access, type FormAccess, type SampleAccess } from './access.ts';
import { useCurrentSite } from './current-site.tsx';

/** The signed-in user's access, site actions judged at the current site. */
export function useAccess(): Access {
  const { user } = useSignedIn();
  const { site } = useCurrentSite();
  return accessOf(user.memberships, site?.id ?? null);
}

/** The signed-in user's access to a participant's forms, judged at the participant's own site. */
export function useFormAccess(siteId: number): FormAccess {
  const { user } = useSignedIn();
  return formAccessOf(user.memberships, siteId);
}

/** The signed-in user's access to a participant's samples, judged at the participant's own site. */
export function useSampleAccess(siteId: number): SampleAccess {
  const { user } = useSignedIn();
  return sampleAccessOf(user.memberships, siteId);
}
