import { useSignedIn } from '../api/session.tsx';
import { accessOf, type Access } from './access.ts';
import { useCurrentSite } from './current-site.tsx';

/** The signed-in user's access, site actions judged at the current site. */
export function useAccess(): Access {
  const { user } = useSignedIn();
  const { site } = useCurrentSite();
  return accessOf(user.memberships, site?.id ?? null);
}
