import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { Shell } from './Shell.tsx';
import { RequireAuth } from '../auth/RequireAuth.tsx';
import { LoginPage } from '../pages/login/LoginPage.tsx';
import { InboxPage } from '../pages/inbox/InboxPage.tsx';
import { PageLoading } from '../components/PageState.tsx';

// The inbox is what staff open first (often on a phone): it ships in the main bundle. The other
// pages load on demand, so the dashboards' chart library never delays the inbox.
const TaskPage = lazy(() => import('../pages/task/TaskPage.tsx'));
const CasesPage = lazy(() => import('../pages/cases/CasesPage.tsx'));
const CasePage = lazy(() => import('../pages/cases/CasePage.tsx'));
const CustomersPage = lazy(() => import('../pages/customers/CustomersPage.tsx'));
const CustomerPage = lazy(() => import('../pages/customers/CustomerPage.tsx'));
const DashboardPage = lazy(() => import('../pages/dashboards/DashboardPage.tsx'));
const SimulationPage = lazy(() => import('../pages/simulation/SimulationPage.tsx'));
const LibraryPage = lazy(() => import('../pages/library/LibraryPage.tsx'));
const SopPage = lazy(() => import('../pages/library/SopPage.tsx'));
const SopEditPage = lazy(() => import('../pages/library/SopEditPage.tsx'));
const NotFoundPage = lazy(() => import('../pages/NotFoundPage.tsx'));
const StaffPage = lazy(() => import('../pages/staff/StaffPage.tsx'));
const ComplaintsPage = lazy(() => import('../pages/complaints/ComplaintsPage.tsx'));
const IntegrationsPage = lazy(() => import('../pages/settings/integrations/IntegrationsPage.tsx'));
const PublicSurveyPage = lazy(() => import('../pages/public/survey/PublicSurveyPage.tsx'));
const AppointmentsPage = lazy(() => import('../pages/appointments/AppointmentsPage.tsx'));
const PublicBookingPage = lazy(() => import('../pages/public/booking/PublicBookingPage.tsx'));
const PublicStatusPage = lazy(() => import('../pages/public/status/PublicStatusPage.tsx'));

function later(node: ReactNode) {
  return <Suspense fallback={<PageLoading />}>{node}</Suspense>;
}

/** The app's pages by path. */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // No login: a satisfaction survey behind a one-time link.
  { path: '/survey/:token', element: later(<PublicSurveyPage />) },
  // No login: a store's booking page and a customer's case-status link.
  { path: '/book/:storeId', element: later(<PublicBookingPage />) },
  { path: '/s/:token', element: later(<PublicStatusPage />) },
  {
    element: (
      <RequireAuth>
        <Shell />
      </RequireAuth>
    ),
    children: [
      { path: '/', element: <Navigate to="/inbox" replace /> },
      { path: '/inbox', element: <InboxPage /> },
      { path: '/tasks/:id', element: later(<TaskPage />) },
      { path: '/cases', element: later(<CasesPage />) },
      { path: '/cases/:id', element: later(<CasePage />) },
      { path: '/customers', element: later(<CustomersPage />) },
      { path: '/customers/:id', element: later(<CustomerPage />) },
      { path: '/dashboards', element: later(<DashboardPage />) },
      { path: '/simulation', element: later(<SimulationPage />) },
      { path: '/library', element: later(<LibraryPage />) },
      { path: '/library/:key', element: later(<SopPage />) },
      { path: '/library/:key/edit', element: later(<SopEditPage />) },
      { path: '/appointments', element: later(<AppointmentsPage />) },
      { path: '/complaints', element: later(<ComplaintsPage />) },
      { path: '/settings/integrations', element: later(<IntegrationsPage />) },
      { path: '/staff', element: later(<StaffPage />) },
      { path: '*', element: later(<NotFoundPage />) },
    ],
  },
]);
