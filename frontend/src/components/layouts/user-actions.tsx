import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { NotificationBell } from '@/features/notifications/components/notification-bell';
import { homeForRoles, useAuth } from '@/lib/auth';

/** The signed-in part of the header: the bell, the account menu and signing out. */
export function UserActions() {
  const { t } = useTranslation();
  const { me, logout, hasRole } = useAuth();
  const navigate = useNavigate();
  if (!me) return null;
  return (
    <>
      <NotificationBell />
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: homeForRoles(me.roles), label: t('nav.myHome') },
            { key: '/account/contacts', label: t('contacts.menu') },
            { key: '/account/password', label: t('account.changePassword') },
            { key: '/account/totp', label: t('totp.menu') },
            ...(hasRole('gov_reviewer') || hasRole('supervisor') ? [{ key: '/account/opening-key', label: t('custody.menu') }] : []),
            { key: '/account/sessions', label: t('account.sessions.title') },
          ],
          onClick: ({ key }) => void navigate(key),
        }}
      >
        <Button type="text" data-testid="user-menu">
          {me.user.display_name}
        </Button>
      </Dropdown>
      <Button
        size="small"
        onClick={() => {
          logout();
          void navigate('/');
        }}
      >
        {t('auth.logout')}
      </Button>
    </>
  );
}
