import { createBrowserRouter } from 'react-router';
import { AppLayout } from './layout/AppLayout.tsx';
import { RequireAccess } from './layout/RequireAccess.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { SecurityLogPage } from './pages/SecurityLogPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { SiteAuditPage } from './pages/SiteAuditPage.tsx';
import { SitesPage } from './pages/SitesPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { RequireSession } from './RequireSession.tsx';

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'account', element: <AccountPage /> },
          {
            path: 'sites',
            element: (
              <RequireAccess allowed="manageSites">
                <SitesPage />
              </RequireAccess>
            ),
          },
          {
            path: 'users',
            element: (
              <RequireAccess allowed="manageUsers">
                <UsersPage />
              </RequireAccess>
            ),
          },
          {
            path: 'security-log',
            element: (
              <RequireAccess allowed="readSecurityLog">
                <SecurityLogPage />
              </RequireAccess>
            ),
          },
          {
            path: 'audit',
            element: (
              <RequireAccess allowed="readAudit">
                <SiteAuditPage />
              </RequireAccess>
            ),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
