import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { ChangePasswordForm } from '@/features/auth/components/change-password-form';

export default function ChangePasswordRoute() {
  const { t } = useTranslation();
  return (
    <div className="page" style={{ maxWidth: 520 }}>
      <Card title={t('account.changePassword')} style={{ marginTop: 24 }}>
        <ChangePasswordForm />
      </Card>
    </div>
  );
}
