import { useTranslation } from 'react-i18next';
import { AdminPage } from '@/features/admin/components/admin-page';
import { VerificationQueue } from '@/features/admin/components/verification-queue';

export default function AdminVerificationRoute() {
  const { t } = useTranslation();
  return (
    <AdminPage title={t('operator.verify.title')} intro={t('operator.verify.intro')}>
      <VerificationQueue />
    </AdminPage>
  );
}
