import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from './api/session.tsx';
import { ChangePasswordPage } from './pages/ChangePasswordPage.tsx';

/** The gate of the signed-in part: sign in first, then change a one-time password. */
export function RequireSession() {
  const { session, notice } = useSession();
  const location = useLocation();
  if (session === null) {
    const here = location.pathname + location.search;
    // After a deliberate sign-out no `next`: whoever signs in next (a shared ward computer) starts at home,
    // not on the previous person's last page.
    const to = notice === 'signedOut' || here === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(here)}`;
    return <Navigate to={to} replace />;
  }
  if (session.user.mustChangePassword) return <ChangePasswordPage />;
  return <Outlet />;
}
