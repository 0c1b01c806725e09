import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import type { Role } from '@/config/taxonomy';
import { useAuth } from '@/lib/auth';

/** Signed in, and holding `role` when one is named. */
export function RequireRole({ role, children }: { role?: Role; children: ReactNode }) {
  const { t } = useTranslation();
  const { me, loading, hasRole } = useAuth();
  const location = useLocation();
  if (loading) return <Spin size="large" style={{ display: 'block', margin: '80px auto' }} />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  if (role && !hasRole(role)) {
    return (
      <div className="page" role="alert">
        <h2>403</h2>
        <p>{t('errors.forbidden')}</p>
      </div>
    );
  }
  return <>{children}</>;
}
