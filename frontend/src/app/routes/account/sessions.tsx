import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { AccountSessions } from '@/features/auth/components/account-sessions';

export default function AccountSessionsRoute() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <Card title={t('account.sessions.title')} style={{ marginTop: 24 }}>
        <Typography.Paragraph type="secondary">{t('account.sessions.intro')}</Typography.Paragraph>
        <AccountSessions />
      </Card>
    </div>
  );
}
