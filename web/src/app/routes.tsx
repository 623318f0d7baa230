import { lazy, Suspense, use, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { Shell } from './Shell.tsx';
import { RequireAuth } from '../auth/RequireAuth.tsx';
import { InboxPage } from '../pages/inbox/InboxPage.tsx';
import { PageLoading } from '../components/PageState.tsx';
import { loadRestStyles } from './styles.ts';

// The inbox is what staff open first (often on a phone): it ships in the main bundle. The other
// pages load on demand, so the dashboards' chart library never delays the inbox; so does the
// login page (signing in is once a day, its form components would slow every inbox load).
const LoginPage = lazy(() => import('../pages/login/LoginPage.tsx').then((m) => ({ default: m.LoginPage })));
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

/** Holds a page back until the antd styles the first page did not load have applied (see styles.ts). */
function StylesReady({ children }: { children: ReactNode }) {
  use(loadRestStyles());
  return <>{children}</>;
}

/**
 * A page loaded on demand: `later(<XPage />)` with `const XPage = lazy(() => import(…))`. Every
 * page but the inbox must be registered this way: it waits for its code and for the rest of
 * antd's styles (only the inbox's are in index.html), so it never shows unstyled.
 */
function later(node: ReactNode) {
  return (
    <Suspense fallback={<PageLoading />}>
      <StylesReady>{node}</StylesReady>
    </Suspense>
  );
}

/** The app's pages by path. */
export const router = createBrowserRouter([
  { path: '/login', element: later(<LoginPage />) },
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
