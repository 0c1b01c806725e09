import { Spin } from 'antd';
import { lazy, Suspense, type ComponentType } from 'react';
import { BrowserRouter, useRoutes } from 'react-router';
import { AppLayout } from '@/components/layouts/app-layout';
import { RequireRole } from '@/components/layouts/require-role';
import type { Role } from '@/config/taxonomy';

function page(load: () => Promise<{ default: ComponentType }>) {
  const Component = lazy(load);
  return (
    <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '80px auto' }} />}>
      <Component />
    </Suspense>
  );
}

function guarded(role: Role | undefined, load: () => Promise<{ default: ComponentType }>) {
  return <RequireRole role={role}>{page(load)}</RequireRole>;
}

export const routes = [
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: page(() => import('./routes/home')) },
      { path: 'search', element: page(() => import('./routes/search')) },
      { path: 'dashboard', element: page(() => import('./routes/dashboard')) },
      { path: 'login', element: page(() => import('./routes/auth/login')) },
      { path: 'register', element: page(() => import('./routes/auth/register')) },
      { path: 'password-reset', element: page(() => import('./routes/auth/password-reset')) },
      { path: 'password-reset/link', element: page(() => import('./routes/auth/password-reset-link')) },
      { path: 'challenges/:id', element: page(() => import('./routes/challenge')) },
      { path: 'challenges/:id/opening', element: page(() => import('./routes/challenge-opening')) },
      { path: 'challenges/:id/audit', element: page(() => import('./routes/challenge-audit')) },
      { path: 'demands/:id', element: page(() => import('./routes/demand')) },
      { path: 'providers/:id', element: page(() => import('./routes/provider')) },
      { path: 'products/:id', element: page(() => import('./routes/product')) },
      { path: 'receipts/verify', element: page(() => import('./routes/receipt-verify')) },
      { path: 'enterprise', element: guarded('enterprise', () => import('./routes/enterprise/home')) },
      { path: 'enterprise/demands/new', element: guarded('enterprise', () => import('./routes/enterprise/new-demand')) },
      { path: 'enterprise/demands/:id/edit', element: guarded('enterprise', () => import('./routes/enterprise/edit-demand')) },
      { path: 'enterprise/challenges/new', element: guarded('enterprise', () => import('./routes/enterprise/new-challenge')) },
      { path: 'vendor', element: guarded('vendor', () => import('./routes/vendor/home')) },
      { path: 'vendor/apply/:challengeId', element: guarded('vendor', () => import('./routes/vendor/apply')) },
      { path: 'vendor/receipts/:id', element: guarded('vendor', () => import('./routes/vendor/receipt')) },
      { path: 'expert', element: guarded('expert', () => import('./routes/expert/home')) },
      { path: 'expert/assignments/:id', element: guarded('expert', () => import('./routes/expert/score')) },
      { path: 'gov', element: guarded('gov_reviewer', () => import('./routes/gov/home')) },
      { path: 'gov/challenges/:id', element: guarded('gov_reviewer', () => import('./routes/gov/challenge')) },
      { path: 'admin', element: guarded('admin', () => import('./routes/admin/home')) },
      { path: 'admin/codelists', element: guarded('admin', () => import('./routes/admin/codelists')) },
      { path: 'admin/calendar', element: guarded('admin', () => import('./routes/admin/calendar')) },
      { path: 'account/password', element: guarded(undefined, () => import('./routes/account/password')) },
      { path: 'account/sessions', element: guarded(undefined, () => import('./routes/account/sessions')) },
      { path: 'account/contacts', element: guarded(undefined, () => import('./routes/account/contacts')) },
      { path: 'account/opening-key', element: guarded(undefined, () => import('./routes/account/opening-key')) },
      { path: 'account/totp', element: guarded(undefined, () => import('./routes/account/totp')) },
      { path: 'admin/audit', element: guarded('admin', () => import('./routes/admin/audit')) },
      { path: 'admin/dead-letters', element: guarded('admin', () => import('./routes/admin/dead-letters')) },
      { path: 'admin/reindex', element: guarded('admin', () => import('./routes/admin/reindex')) },
      { path: 'admin/verification', element: guarded('admin', () => import('./routes/admin/verification')) },
      { path: '*', element: page(() => import('./routes/not-found')) },
    ],
  },
];

function AppRoutes() {
  return useRoutes(routes);
}

// The declarative router: the app uses no loaders, actions or fetchers, and the data router's code
// (about a third of react-router) would only weigh on every first page.
export function AppRouter() {
  return (
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  );
}
