import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import type { Access } from './layout/access.ts';
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

/**
 * The participant and form pages (and the clinical and eCRF engines they run) load on first use, apart from the
 * main bundle.
 */
function participantPage(load: () => Promise<ComponentType>, allowed: keyof Access = 'readParticipants') {
  return async () => {
    const Page = await load();
    return {
      element: (
        <RequireAccess allowed={allowed}>
          <Page />
        </RequireAccess>
      ),
    };
  };
}

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
          {
            path: 'screening',
            lazy: participantPage(() => import('./pages/ScreeningPage.tsx').then((m) => m.ScreeningPage)),
          },
          {
            path: 'participants',
            lazy: participantPage(() => import('./pages/ParticipantsPage.tsx').then((m) => m.ParticipantsPage)),
          },
          {
            path: 'participants/:participantId',
            lazy: participantPage(() => import('./pages/ParticipantPage.tsx').then((m) => m.ParticipantPage)),
          },
          {
            path: 'participants/:participantId/forms/:form/:slot',
            lazy: participantPage(() => import('./pages/forms/FormEntryPage.tsx').then((m) => m.FormEntryPage)),
          },
          {
            path: 'worklist',
            lazy: participantPage(() => import('./pages/WorklistPage.tsx').then((m) => m.WorklistPage)),
          },
          {
            path: 'dashboards',
            lazy: participantPage(() => import('./pages/dashboards/DashboardsPage.tsx').then((m) => m.DashboardsPage)),
          },
          {
            path: 'dashboards/cells',
            lazy: participantPage(() => import('./pages/dashboards/DrillDownPage.tsx').then((m) => m.DrillDownPage)),
          },
          {
            path: 'analysis',
            lazy: participantPage(
              () => import('./pages/analysis/AnalysisPage.tsx').then((m) => m.AnalysisPage),
              'readResearch',
            ),
          },
          {
            path: 'exports',
            lazy: participantPage(
              () => import('./pages/exports/ExportsPage.tsx').then((m) => m.ExportsPage),
              'readResearch',
            ),
          },
          {
            path: 'analysis/runs/:runId',
            lazy: participantPage(() => import('./pages/analysis/RunPage.tsx').then((m) => m.RunPage), 'readResearch'),
          },
          {
            path: 'destructions',
            lazy: participantPage(() => import('./pages/DestructionsPage.tsx').then((m) => m.DestructionsPage)),
          },
          {
            path: 'form-status',
            lazy: participantPage(
              () => import('./pages/FormStatusPage.tsx').then((m) => m.FormStatusPage),
              'readFormReports',
            ),
          },
          {
            path: 'queries',
            lazy: participantPage(
              () => import('./pages/QueriesPage.tsx').then((m) => m.QueriesPage),
              'readFormReports',
            ),
          },
          {
            path: 'data-quality',
            lazy: participantPage(
              () => import('./pages/DataQualityPage.tsx').then((m) => m.DataQualityPage),
              'readFormReports',
            ),
          },
          {
            path: 'storage',
            lazy: participantPage(
              () => import('./pages/biobank/StoragePage.tsx').then((m) => m.StoragePage),
              'handleSamples',
            ),
          },
          {
            path: 'storage/boxes/:boxId',
            lazy: participantPage(
              () => import('./pages/biobank/BoxMapPage.tsx').then((m) => m.BoxMapPage),
              'handleSamples',
            ),
          },
          {
            path: 'shipments',
            lazy: participantPage(
              () => import('./pages/biobank/ShipmentsPage.tsx').then((m) => m.ShipmentsPage),
              'handleSamples',
            ),
          },
          {
            path: 'shipments/:shipmentId',
            lazy: participantPage(
              () => import('./pages/biobank/ShipmentPage.tsx').then((m) => m.ShipmentPage),
              'handleSamples',
            ),
          },
          {
            path: 'destruction-tasks',
            lazy: participantPage(
              () => import('./pages/biobank/DestructionTasksPage.tsx').then((m) => m.DestructionTasksPage),
              'handleSamples',
            ),
          },
          {
            path: 'assays',
            lazy: participantPage(
              () => import('./pages/labs/AssaysPage.tsx').then((m) => m.AssaysPage),
              'importResults',
            ),
          },
          {
            path: 'lab-imports',
            lazy: participantPage(
              () => import('./pages/labs/ImportResultsPage.tsx').then((m) => m.ImportResultsPage),
              'importResults',
            ),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
