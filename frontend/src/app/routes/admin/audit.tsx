import { useTranslation } from 'react-i18next';
import { AdminAudit } from '@/features/admin/components/admin-audit';
import { AdminPage } from '@/features/admin/components/admin-page';

export default function AdminAuditRoute() {
  const { t } = useTranslation();
  return (
    <AdminPage title={t('adminAudit.title')} intro={t('adminAudit.intro')}>
      <AdminAudit />
    </AdminPage>
  );
}
