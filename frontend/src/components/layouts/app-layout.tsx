import { MenuOutlined } from '@ant-design/icons';
import { Button, Layout, Space } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { LanguageToggle } from '@/components/ui/language-toggle';
import { useAuth } from '@/lib/auth';

// Signed-in only, and heavy (the bell's popover and list, the account menu): kept out of the entry chunk
// that every visitor's first page loads.
const UserActions = lazy(() => import('./user-actions').then((m) => ({ default: m.UserActions })));

const workspaces = [
  { role: 'enterprise', path: '/enterprise', key: 'nav.enterprise' },
  { role: 'vendor', path: '/vendor', key: 'nav.vendor' },
  { role: 'expert', path: '/expert', key: 'nav.expert' },
  { role: 'gov_reviewer', path: '/gov', key: 'nav.gov' },
  { role: 'admin', path: '/admin', key: 'nav.admin' },
] as const;

export function AppLayout() {
  const { t } = useTranslation();
  const { me, hasRole } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  // The folded menu is open on the page it was opened on: whatever is chosen from it closes it.
  const [menuOpenOn, setMenuOpenOn] = useState<string | null>(null);
  const menuOpen = menuOpenOn === pathname;
  const links = [
    { to: '/', label: t('nav.home'), end: true },
    { to: '/search', label: t('nav.search'), end: false },
    { to: '/dashboard', label: t('nav.dashboard'), end: false },
    ...workspaces.filter((w) => hasRole(w.role)).map((w) => ({ to: w.path, label: t(w.key), end: false })),
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="no-print app-header">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{t('app.name')}</span>
        </Link>
        <Button
          className="menu-toggle"
          type="text"
          icon={<MenuOutlined />}
          aria-label={t('a11y.menu')}
          aria-expanded={menuOpen}
          aria-controls="app-menu"
          onClick={() => setMenuOpenOn(menuOpen ? null : pathname)}
        />
        <div id="app-menu" className={menuOpen ? 'app-menu open' : 'app-menu'}>
          <nav className="app-nav" aria-label={t('a11y.menu')}>
            {links.map((l) => (
              <NavLink key={l.to} to={l.to} end={l.end}>
                {l.label}
              </NavLink>
            ))}
          </nav>
          <Space size="middle" className="app-actions">
            <LanguageToggle />
            {me ? (
              <Suspense fallback={null}>
                <UserActions />
              </Suspense>
            ) : (
              <>
                <Button type="primary" onClick={() => void navigate('/login')}>
                  {t('auth.login')}
                </Button>
                <Button onClick={() => void navigate('/register')}>{t('auth.register')}</Button>
              </>
            )}
          </Space>
        </div>
      </Layout.Header>
      <Layout.Content>
        <Outlet />
      </Layout.Content>
      <Layout.Footer className="no-print" style={{ textAlign: 'center', color: '#4f5b6d' }}>
        {t('app.footer')}
      </Layout.Footer>
    </Layout>
  );
}
